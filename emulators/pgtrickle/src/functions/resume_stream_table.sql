-- Observed §1, T9: SUSPENDED or ERROR → ACTIVE (errors cleared, no refresh).
DECLARE
  st pgtrickle.pgt_stream_tables;
BEGIN
  st := pgtrickle._emu_lookup(name);
  IF st.status NOT IN ('SUSPENDED', 'ERROR') THEN
    PERFORM pgtrickle._emu_invalid(format('stream table %s.%s is not suspended or in error state (current status: %s)', st.pgt_schema, st.pgt_name, st.status));
  END IF;
  UPDATE pgtrickle.pgt_stream_tables SET status = 'ACTIVE', consecutive_errors = 0, last_error_message = NULL, last_error_at = NULL, updated_at = now()
  WHERE pgt_id = st.pgt_id;
  RAISE INFO '%', format('Stream table %s.%s resumed (pgt_id=%s)', st.pgt_schema, st.pgt_name, st.pgt_id);
END
