-- Reference §5.12: Rule B; unknown = one ('error', ...) row. The emulator has no DVM engine, so it reports
-- dvm_supported = false with a dvm_error saying so.
DECLARE
  n record;
  st pgstream.pgs_stream_tables;
BEGIN
  n := pgstream._emu_split_name(name, 'B');
  SELECT * INTO st FROM pgstream.pgs_stream_tables WHERE pgs_schema = n.schema_name AND pgs_name = n.table_name;
  IF NOT FOUND THEN
    property := 'error'; value := 'stream table not found: ' || n.schema_name || '.' || n.table_name; RETURN NEXT;
    RETURN;
  END IF;
  RETURN QUERY VALUES ('pgs_name', st.pgs_name), ('defining_query', st.defining_query), ('refresh_mode', st.refresh_mode),
    ('status', st.status), ('is_populated', st.is_populated::text), ('dvm_supported', 'false'),
    ('dvm_error', 'pg_stream emulator: no differential engine'), ('frontier', coalesce(st.frontier::text, 'null'));
END
