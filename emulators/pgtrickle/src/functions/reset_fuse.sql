-- Observed §1b: re-arms a blown fuse (checked before the action) and sets the table ACTIVE.
DECLARE
  st pgtrickle.pgt_stream_tables;
  v text := lower(btrim(action));
BEGIN
  st := pgtrickle._emu_lookup(name);
  IF st.fuse_state <> 'blown' THEN
    PERFORM pgtrickle._emu_invalid(format('fuse is not blown for %s.%s (current state: %s)', st.pgt_schema, st.pgt_name, st.fuse_state));
  END IF;
  IF v NOT IN ('apply', 'reinitialize', 'skip_changes') THEN
    PERFORM pgtrickle._emu_invalid(format('invalid reset_fuse action: ''%s'' (expected ''apply'', ''reinitialize'', or ''skip_changes'')', action));
  END IF;
  UPDATE pgtrickle.pgt_stream_tables SET fuse_state = 'armed', blown_at = NULL, blow_reason = NULL, status = 'ACTIVE', updated_at = now(),
    needs_reinit = needs_reinit OR v = 'reinitialize',
    frontier = CASE WHEN v = 'skip_changes' THEN pgtrickle._emu_frontier(pgt_id) ELSE frontier END
  WHERE pgt_id = st.pgt_id;
  RAISE INFO '%', format('pg_trickle: fuse reset for %s.%s with action ''%s''', st.pgt_schema, st.pgt_name, v);
END
