-- Observed §3, §7: pending captured changes per stream table and TABLE source.
DECLARE
  r record;
  buf text;
BEGIN
  FOR r IN SELECT st.*, d.source_relid AS src, d.cdc_mode AS dep_cdc FROM pgtrickle.pgt_stream_tables st
           JOIN pgtrickle.pgt_dependencies d ON d.pgt_id = st.pgt_id AND d.source_type = 'TABLE'
           ORDER BY st.pgt_schema, st.pgt_name, d.source_relid LOOP
    stream_table := r.pgt_schema || '.' || r.pgt_name;
    source_table := coalesce((SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = r.src), r.src::text);
    source_oid := r.src;
    cdc_mode := r.dep_cdc;
    pending_rows := 0;
    buffer_bytes := 0;
    buf := pgtrickle._emu_buffer(r.src);
    IF buf IS NOT NULL AND to_regclass(format('pgtrickle_changes.%I', buf)) IS NOT NULL THEN
      EXECUTE format('SELECT count(*) FROM pgtrickle_changes.%I WHERE change_id > $1', buf) INTO pending_rows
        USING coalesce((r.frontier -> 'sources' -> r.src::text ->> 'change_id')::bigint, 0);
      buffer_bytes := pg_total_relation_size(format('pgtrickle_changes.%I', buf)::regclass);
    END IF;
    RETURN NEXT;
  END LOOP;
END
