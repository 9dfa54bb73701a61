-- Observed §7: a syntax error is raised; otherwise rows (check_name, result, severity), first the resolved mode.
DECLARE
  v_probe oid;
  v_top text;
  v_mode text := 'DIFFERENTIAL';
  v_warn text[] := '{}';
  r record;
BEGIN
  EXECUTE 'SELECT * FROM (' || query || ') sub LIMIT 0';
  v_probe := pgtrickle._emu_probe(query);
  v_top := pgtrickle._emu_plan_top(query);
  IF NOT EXISTS (SELECT 1 FROM pgtrickle._emu_sources(v_probe)) THEN
    v_mode := 'FULL';
  END IF;
  FOR r IN SELECT s.source_type FROM pgtrickle._emu_sources(v_probe) s WHERE s.source_type IN ('MATVIEW', 'FOREIGN_TABLE') LOOP
    v_mode := 'FULL';
  END LOOP;
  IF pg_get_viewdef(v_probe, true) ~* '\mTABLESAMPLE\M' THEN v_mode := 'FULL'; END IF;
  check_name := 'resolved_refresh_mode'; result := v_mode; severity := 'INFO'; RETURN NEXT;
  IF EXISTS (SELECT 1 FROM pgtrickle._emu_sources(v_probe) s WHERE s.source_type IN ('MATVIEW', 'FOREIGN_TABLE')) THEN
    check_name := 'matview_or_foreign_table'; result := 'unsupported operator for DIFFERENTIAL mode: materialized view or foreign table source'; severity := 'WARNING'; RETURN NEXT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pgtrickle._emu_sources(v_probe)) THEN
    check_name := 'dvm_parse_error'; result := 'Defining query must have a FROM clause'; severity := 'ERROR'; RETURN NEXT;
  END IF;
  IF v_top IN ('Aggregate', 'Group', 'Unique', 'SetOp', 'HashSetOp') THEN
    check_name := 'needs_pgt_count'; result := 'true — multiplicity counter column required (DISTINCT/aggregation)'; severity := 'INFO'; RETURN NEXT;
  END IF;
  check_name := 'volatility';
  result := pgtrickle._emu_volatility(v_probe);
  severity := CASE WHEN result = 'volatile' THEN 'WARNING' ELSE 'INFO' END;
  RETURN NEXT;
  IF pg_get_viewdef(v_probe, true) ~* '\mOVER\s*\(' THEN
    check_name := 'window_function'; result := 'true'; severity := 'INFO'; RETURN NEXT;
  END IF;
  PERFORM pgtrickle._emu_drop_probe();
END
