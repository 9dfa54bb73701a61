-- Observed §1, T10, T14: synchronous, in the caller's transaction; refuses SUSPENDED and ERROR (note the space
-- before ';'); an unpopulated table gets a FULL refresh first; writes a MANUAL history row. A FULL one moves
-- data_timestamp unless it is a no-op over stream tables only (T20).
DECLARE
  st pgtrickle.pgt_stream_tables;
  qn text;
  res record;
BEGIN
  st := pgtrickle._emu_lookup(name);
  qn := st.pgt_schema || '.' || st.pgt_name;
  IF st.status = 'SUSPENDED' THEN
    PERFORM pgtrickle._emu_invalid(format('stream table %s is suspended ; use pgtrickle.resume_stream_table(''%s'') first', qn, qn));
  ELSIF st.status = 'ERROR' THEN
    PERFORM pgtrickle._emu_invalid(format('stream table %s is in error state ; use pgtrickle.resume_stream_table(''%s'') first', qn, qn));
  END IF;
  IF NOT pg_try_advisory_xact_lock(st.pgt_id) THEN
    RAISE NOTICE '%', format('refresh skipped: %s — another refresh is already in progress', qn);
    RETURN;
  END IF;
  IF NOT st.is_populated AND st.refresh_mode <> 'FULL' THEN
    RAISE INFO '%', format('Stream table %s: no previous frontier, performing FULL refresh first', qn);
  END IF;
  res := pgtrickle._emu_refresh(st, 'MANUAL');
  UPDATE pgtrickle.pgt_stream_tables SET status = 'ACTIVE' WHERE pgt_id = st.pgt_id AND status = 'INITIALIZING';
  IF res.action = 'DIFFERENTIAL' THEN
    RAISE INFO '%', format('Stream table %s refreshed (DIFFERENTIAL: +%s -%s)', qn, res.ins, res.del);
  ELSIF NOT res.moved THEN
    RAISE INFO '%', format('Stream table %s refreshed (FULL, no-op — data_timestamp preserved)', qn);
  ELSE
    RAISE INFO '%', format('Stream table %s refreshed (FULL)', qn);
  END IF;
END
