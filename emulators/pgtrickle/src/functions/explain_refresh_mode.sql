-- Observed §1a, §7, T16: (configured, effective, reason).
DECLARE
  n record;
  st pgtrickle.pgt_stream_tables;
BEGIN
  n := pgtrickle._emu_split_name(name);
  SELECT * INTO st FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_schema = n.schema_name AND s.pgt_name = n.table_name;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = format('diagnostic error: stream table ''%s'' not found', name);
  END IF;
  configured_mode := st.refresh_mode;
  effective_mode := coalesce(st.effective_refresh_mode, st.refresh_mode);
  downgrade_reason := CASE WHEN st.refresh_mode = 'IMMEDIATE'
    THEN 'IMMEDIATE mode is maintained by in-transaction IVM triggers; the background scheduler does not run refreshes for this table.' END;
  RETURN NEXT;
END
