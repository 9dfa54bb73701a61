-- Observed §1, T12: refuses dependents unless cascade (dependents dropped first, one INFO each); removes the storage
-- table and catalog rows; leaves <schema>._pgt_guard_<name>() and the change buffer of a source's last consumer.
DECLARE
  st pgtrickle.pgt_stream_tables;
  v_deps text;
  v_sources oid[];
  d record;
BEGIN
  st := pgtrickle._emu_lookup(name);
  SELECT string_agg(s.pgt_schema || '.' || s.pgt_name, ', ' ORDER BY s.pgt_id) INTO v_deps
  FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_id IN (
    SELECT dep.pgt_id FROM pgtrickle.pgt_dependencies dep WHERE dep.source_relid = st.pgt_relid AND dep.source_type = 'STREAM_TABLE');
  IF v_deps IS NOT NULL AND NOT cascade THEN
    PERFORM pgtrickle._emu_invalid(format('stream table %s.%s has dependent stream tables: %s. Use cascade => true to drop them automatically.',
      st.pgt_schema, st.pgt_name, v_deps));
  END IF;
  FOR d IN SELECT s.pgt_schema, s.pgt_name FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_id IN (
             SELECT dep.pgt_id FROM pgtrickle.pgt_dependencies dep WHERE dep.source_relid = st.pgt_relid AND dep.source_type = 'STREAM_TABLE')
           ORDER BY s.pgt_id LOOP
    PERFORM pgtrickle.drop_stream_table(d.pgt_schema || '.' || d.pgt_name, true);
  END LOOP;
  SELECT array_agg(source_relid) INTO v_sources FROM pgtrickle.pgt_dependencies WHERE pgt_id = st.pgt_id AND source_type = 'TABLE';
  PERFORM pgtrickle._emu_ivm_install(st.pgt_id, false);
  DELETE FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st.pgt_id;
  EXECUTE format('DROP TABLE IF EXISTS %I.%I CASCADE', st.pgt_schema, st.pgt_name);
  PERFORM pgtrickle._emu_untrack_unused(v_sources);
  RAISE INFO '%', format('Stream table %s.%s dropped (pgt_id=%s)', st.pgt_schema, st.pgt_name, st.pgt_id);
END
