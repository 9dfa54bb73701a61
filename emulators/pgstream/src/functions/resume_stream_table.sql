-- Reference §5.4: only from SUSPENDED; sets ACTIVE and resets consecutive_errors; does not refresh.
DECLARE
  st pgstream.pgs_stream_tables;
BEGIN
  st := pgstream._emu_lookup(name);
  IF st.status <> 'SUSPENDED' THEN
    PERFORM pgstream._emu_error(format('invalid argument: stream table %s.%s is not suspended (current status: %s)', st.pgs_schema, st.pgs_name, st.status));
  END IF;
  UPDATE pgstream.pgs_stream_tables SET status = 'ACTIVE', consecutive_errors = 0, updated_at = now() WHERE pgs_id = st.pgs_id;
  PERFORM pg_notify('pg_stream_alert', json_build_object('event', 'resumed', 'pgs_schema', st.pgs_schema, 'pgs_name', st.pgs_name,
    'st', st.pgs_schema || '.' || st.pgs_name, 'previous_status', st.status)::text);
  RAISE INFO 'Stream table %.% resumed (pgs_id=%)', st.pgs_schema, st.pgs_name, st.pgs_id;
END
