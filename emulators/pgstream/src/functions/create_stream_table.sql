-- Steps in the order of reference §5.1; errors as §4 and §18 item 3 ask (mode, schedule, query, LIMIT/OFFSET, duplicate).
DECLARE
  v_mode text;
  n record;
  v_schedule text;
  v_probe text := format('_pgs_emu_probe_%s', pg_backend_pid());
  v_view oid;
  v_viewdef text;
  v_defining text := query;
  v_original text := NULL;
  v_cols text;
  v_ncols int;
  v_relid oid;
  v_id bigint;
  v_agg boolean := false;
  r record;
  v_srcs record;
BEGIN
  IF name IS NULL THEN PERFORM pgstream._emu_null_arg(0); END IF;
  IF query IS NULL THEN PERFORM pgstream._emu_null_arg(1); END IF;
  IF refresh_mode IS NULL THEN PERFORM pgstream._emu_null_arg(3); END IF;
  IF initialize IS NULL THEN PERFORM pgstream._emu_null_arg(4); END IF;

  -- 1. refresh mode (case-insensitive, INCREMENTAL alias, no trimming)
  v_mode := upper(refresh_mode);
  IF v_mode = 'INCREMENTAL' THEN v_mode := 'DIFFERENTIAL'; END IF;
  IF v_mode NOT IN ('FULL', 'DIFFERENTIAL') THEN
    PERFORM pgstream._emu_error(format('invalid argument: unknown refresh mode: %s. Must be ''FULL'' or ''DIFFERENTIAL''', upper(refresh_mode)));
  END IF;
  -- 2. name (Rule A)
  n := pgstream._emu_split_name(name, 'A');
  -- 3. schedule (NULL = CALCULATED)
  IF schedule IS NOT NULL THEN v_schedule := pgstream._emu_schedule(schedule); END IF;

  -- 5. validation query: a trailing ';' or an unterminated '--' comment fails here, as in the real wrapper
  EXECUTE 'SELECT * FROM (' || query || ') sub LIMIT 0';

  -- probe view: output columns, referenced relations, functions (the emulator's stand-in for parse analysis)
  EXECUTE format('DROP VIEW IF EXISTS pg_temp.%I', v_probe);
  EXECUTE format('CREATE TEMP VIEW %I AS SELECT * FROM (%s) sub', v_probe, query);
  v_view := format('pg_temp.%I', v_probe)::regclass;
  v_viewdef := pg_get_viewdef(v_view, true);

  -- 6./7. constructs rejected in every mode (top-level LIMIT/OFFSET, locking, sampling)
  IF pgstream._emu_top_limit(query, v_viewdef) = 'LIMIT' THEN
    PERFORM pgstream._emu_error('unsupported operator for DIFFERENTIAL mode: LIMIT is not supported in defining queries. Stream tables materialize the full result set.');
  ELSIF pgstream._emu_top_limit(query, v_viewdef) = 'OFFSET' THEN
    PERFORM pgstream._emu_error('unsupported operator for DIFFERENTIAL mode: OFFSET is not supported in defining queries. Stream tables materialize the full result set.');
  END IF;
  IF v_viewdef ~* '\mFOR\s+(UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\M' THEN
    PERFORM pgstream._emu_error('unsupported operator for DIFFERENTIAL mode: FOR UPDATE/FOR SHARE is not supported in defining queries. Stream tables do not support row-level locking. Remove the FOR UPDATE/FOR SHARE clause.');
  END IF;
  IF v_viewdef ~* '\mTABLESAMPLE\M' THEN
    PERFORM pgstream._emu_error('unsupported operator for DIFFERENTIAL mode: TABLESAMPLE is not supported in defining queries. Stream tables materialize the complete result set; use a WHERE condition with random() if sampling is needed.');
  END IF;

  SELECT count(*) INTO v_ncols FROM pg_attribute WHERE attrelid = v_view AND attnum > 0 AND NOT attisdropped;
  IF v_ncols = 0 THEN
    PERFORM pgstream._emu_error('query parse error: Defining query returns no columns');
  END IF;

  -- 8. DIFFERENTIAL-only rejections: matview/foreign sources, volatile functions, unsupported aggregates
  IF v_mode = 'DIFFERENTIAL' THEN
    FOR r IN SELECT * FROM pgstream._emu_sources(v_view) s WHERE s.source_type IN ('MATVIEW', 'FOREIGN_TABLE') LOOP
      PERFORM pgstream._emu_error(format('unsupported operator for DIFFERENTIAL mode: %s ''%s'' cannot be used as a source in DIFFERENTIAL mode. Use FULL refresh mode instead.',
        CASE WHEN r.source_type = 'MATVIEW' THEN 'Materialized view' ELSE 'Foreign table' END, r.relid::regclass));
    END LOOP;
    FOR r IN
      SELECT DISTINCT p.oid, p.proname, p.provolatile, p.prokind, p.pronamespace = 'pg_catalog'::regnamespace AS builtin
      FROM pg_depend d JOIN pg_rewrite rw ON rw.oid = d.objid JOIN pg_proc p ON p.oid = d.refobjid
      WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_proc'::regclass AND rw.ev_class = v_view
    LOOP
      IF r.prokind = 'a' AND NOT r.builtin THEN
        PERFORM pgstream._emu_error(format('unsupported operator for DIFFERENTIAL mode: User-defined aggregate function %s() is not supported in DIFFERENTIAL mode. Use FULL refresh mode instead.', r.proname));
      ELSIF r.prokind = 'a' AND upper(r.proname) NOT IN ('COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'BOOL_AND', 'BOOL_OR', 'EVERY', 'STRING_AGG', 'ARRAY_AGG', 'JSON_AGG', 'JSONB_AGG',
          'BIT_AND', 'BIT_OR', 'BIT_XOR', 'JSON_OBJECT_AGG', 'JSONB_OBJECT_AGG', 'STDDEV', 'STDDEV_POP', 'STDDEV_SAMP', 'VARIANCE', 'VAR_POP', 'VAR_SAMP',
          'ANY_VALUE', 'MODE', 'PERCENTILE_CONT', 'PERCENTILE_DISC', 'CORR', 'COVAR_POP', 'COVAR_SAMP', 'REGR_AVGX', 'REGR_AVGY', 'REGR_COUNT',
          'REGR_INTERCEPT', 'REGR_R2', 'REGR_SLOPE', 'REGR_SXX', 'REGR_SXY', 'REGR_SYY') THEN
        PERFORM pgstream._emu_error(format('unsupported operator for DIFFERENTIAL mode: Aggregate function %s() is not supported in DIFFERENTIAL mode.', r.proname));
      ELSIF r.provolatile = 'v' THEN
        PERFORM pgstream._emu_error('unsupported operator for DIFFERENTIAL mode: Defining query contains volatile expressions (e.g., random(), clock_timestamp(), or custom volatile operators). Use FULL refresh mode instead, or replace with a deterministic alternative.');
      ELSIF r.provolatile = 's' THEN
        RAISE WARNING 'Defining query contains stable functions (e.g., now(), current_timestamp). These return the same value within a single refresh but may shift between refreshes. Delta computation is correct within each refresh cycle.';
      END IF;
    END LOOP;
    v_agg := pgstream._emu_top_is_aggregate(query);
  END IF;

  -- 9. duplicate check (after query validation, so a broken query is reported first)
  IF EXISTS (SELECT 1 FROM pgstream.pgs_stream_tables WHERE pgs_schema = n.schema_name AND pgs_name = n.table_name) THEN
    PERFORM pgstream._emu_error('stream table already exists: ' || n.schema_name || '.' || n.table_name);
  END IF;

  -- 10. sources
  IF NOT EXISTS (SELECT 1 FROM pgstream._emu_sources(v_view)) THEN
    PERFORM pgstream._emu_error('query parse error: Defining query must have a FROM clause (op=0, all=false, larg_null=true, rarg_null=true, target_len=1, where_null=true)');
  END IF;
  -- rewrite #0 (view inlining, §6.2): a query over a view is regenerated from its parse tree, so the stored
  -- defining_query differs from the input and original_query keeps the input (§6.3).
  IF EXISTS (SELECT 1 FROM pgstream._emu_sources(v_view) s WHERE s.source_type = 'VIEW' AND s.direct) THEN
    v_original := query;
    EXECUTE format('CREATE TEMP VIEW %I AS %s', v_probe || '_q', query);
    v_defining := regexp_replace(pg_get_viewdef(format('pg_temp.%I', v_probe || '_q')::regclass, false), ';\s*$', '');
    EXECUTE format('DROP VIEW pg_temp.%I', v_probe || '_q');
  END IF;

  -- 13. storage table: __pgs_row_id first, query columns with type modifiers dropped, __pgs_count for aggregates
  SELECT string_agg(format('%I %s', attname, atttypid::regtype::text), ', ' ORDER BY attnum) INTO v_cols
  FROM pg_attribute WHERE attrelid = v_view AND attnum > 0 AND NOT attisdropped;
  EXECUTE format('CREATE TABLE %I.%I (__pgs_row_id bigint, %s%s)', n.schema_name, n.table_name, v_cols,
                 CASE WHEN v_agg THEN ', __pgs_count bigint NOT NULL DEFAULT 0' ELSE '' END);
  -- 14. OID lookup by the unquoted name, which folds case (mixed-case names fail here, as in the real one)
  v_relid := (n.schema_name || '.' || n.table_name)::regclass;
  -- 15. row-id index
  EXECUTE format('CREATE UNIQUE INDEX ON %I.%I (__pgs_row_id)', n.schema_name, n.table_name);

  -- 16. catalog row
  INSERT INTO pgstream.pgs_stream_tables (pgs_relid, pgs_name, pgs_schema, defining_query, original_query, schedule, refresh_mode, functions_used)
  VALUES (v_relid, n.table_name, n.schema_name, v_defining, v_original, v_schedule, v_mode,
          CASE WHEN v_mode = 'DIFFERENTIAL' THEN coalesce((
            SELECT array_agg(DISTINCT lower(p.proname) ORDER BY lower(p.proname))
            FROM pg_depend d JOIN pg_rewrite rw ON rw.oid = d.objid JOIN pg_proc p ON p.oid = d.refobjid
            WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_proc'::regclass AND rw.ev_class = v_view), '{}') END)
  RETURNING pgs_id INTO v_id;

  -- 17.-19. dependency rows, change capture on TABLE sources, view dependency rows
  FOR v_srcs IN SELECT * FROM pgstream._emu_sources(v_view) LOOP
    INSERT INTO pgstream.pgs_dependencies (pgs_id, source_relid, source_type, column_snapshot, schema_fingerprint)
    SELECT v_id, v_srcs.relid, v_srcs.source_type, snap, encode(sha256(convert_to(snap::text, 'UTF8')), 'hex')
    FROM (SELECT CASE WHEN v_srcs.source_type = 'TABLE' THEN (
      SELECT jsonb_agg(jsonb_build_object('name', attname, 'type_oid', atttypid, 'ordinal', attnum) ORDER BY attnum)
      FROM pg_attribute WHERE attrelid = v_srcs.relid AND attnum > 0 AND NOT attisdropped) END AS snap) s;
    IF v_srcs.source_type = 'TABLE' THEN
      PERFORM pgstream._emu_track_source(v_srcs.relid, v_id);
    END IF;
  END LOOP;
  EXECUTE format('DROP VIEW pg_temp.%I', v_probe);

  -- 20. initial population: no frontier, no history row (§5.1)
  IF initialize THEN
    PERFORM pgstream._emu_union_all_splitter(st.defining_query) FROM pgstream.pgs_stream_tables st WHERE st.pgs_id = v_id;
    PERFORM pgstream._emu_populate(st) FROM pgstream.pgs_stream_tables st WHERE st.pgs_id = v_id;
    UPDATE pgstream.pgs_stream_tables SET data_timestamp = now(), last_refresh_at = now(), is_populated = true,
      status = 'ACTIVE', consecutive_errors = 0, needs_reinit = false,
      last_full_ms = CASE WHEN v_mode = 'DIFFERENTIAL' THEN 0 END
    WHERE pgs_id = v_id;
  END IF;

  RAISE INFO 'Stream table %.% created (pgs_id=%, mode=%, initialized=%)', n.schema_name, n.table_name, v_id, v_mode, initialize;
END
