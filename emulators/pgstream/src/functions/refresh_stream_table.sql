-- Reference §5.5: synchronous, in the caller's transaction; refuses SUSPENDED; session advisory lock;
-- sets ACTIVE, is_populated, timestamps; writes no history row; a failure does not count as an error.
DECLARE
  st pgstream.pgs_stream_tables;
  res record;
BEGIN
  st := pgstream._emu_lookup(name);
  IF st.status = 'SUSPENDED' THEN
    PERFORM pgstream._emu_error(format('invalid argument: stream table %s.%s is suspended; use pgstream.resume_stream_table(''%s'') first',
      st.pgs_schema, st.pgs_name, CASE WHEN st.pgs_schema = 'public' THEN st.pgs_name ELSE st.pgs_schema || '.' || st.pgs_name END));
  END IF;
  IF NOT pg_try_advisory_lock(st.pgs_id) THEN
    PERFORM pgstream._emu_error(format('refresh skipped: %s.%s — another refresh is already in progress', st.pgs_schema, st.pgs_name));
  END IF;
  res := pgstream._emu_refresh(st, false);
  PERFORM pg_advisory_unlock(st.pgs_id);
  IF res.action = 'FULL' THEN
    RAISE INFO 'Stream table %.% refreshed (FULL)', st.pgs_schema, st.pgs_name;
  ELSE
    RAISE INFO 'Stream table %.% refreshed (DIFFERENTIAL: +% -%)', st.pgs_schema, st.pgs_name, res.rows_inserted, 0;
  END IF;
END
