-- Reference §5.2: NULL leaves a setting unchanged; no query change; status upper-cased, any transition allowed.
DECLARE
  st pgstream.pgs_stream_tables;
  v_mode text;
  v_status text;
BEGIN
  IF name IS NULL THEN PERFORM pgstream._emu_null_arg(0); END IF;
  st := pgstream._emu_lookup(name);
  IF alter_stream_table.schedule IS NOT NULL THEN
    UPDATE pgstream.pgs_stream_tables SET schedule = pgstream._emu_schedule(alter_stream_table.schedule), updated_at = now() WHERE pgs_id = st.pgs_id;
  END IF;
  IF alter_stream_table.refresh_mode IS NOT NULL THEN
    v_mode := upper(alter_stream_table.refresh_mode);
    IF v_mode NOT IN ('FULL', 'DIFFERENTIAL', 'INCREMENTAL') THEN
      PERFORM pgstream._emu_error(format('invalid argument: unknown refresh mode: %s. Must be ''FULL'' or ''DIFFERENTIAL''', v_mode));
    END IF;
    -- stored as upper(input): 'incremental' passes validation and then violates the CHECK constraint
    UPDATE pgstream.pgs_stream_tables SET refresh_mode = v_mode, updated_at = now() WHERE pgs_id = st.pgs_id;
  END IF;
  IF alter_stream_table.status IS NOT NULL THEN
    v_status := upper(alter_stream_table.status);
    IF v_status NOT IN ('INITIALIZING', 'ACTIVE', 'SUSPENDED', 'ERROR') THEN
      PERFORM pgstream._emu_error('invalid argument: unknown status: ' || v_status);
    END IF;
    UPDATE pgstream.pgs_stream_tables SET status = v_status, updated_at = now(),
      consecutive_errors = CASE WHEN v_status = 'ACTIVE' THEN 0 ELSE consecutive_errors END
    WHERE pgs_id = st.pgs_id;
  END IF;
END
