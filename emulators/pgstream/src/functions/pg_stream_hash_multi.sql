-- Reference §5.14: elements joined with 0x1E, NULL encoded; hashed as pg_stream_hash (emulator: md5-based).
-- Not STRICT on the real extension: a NULL array raises pgrx's non-nullable argument error.
BEGIN
  IF inputs IS NULL THEN PERFORM pgstream._emu_null_arg(0); END IF;
  RETURN pgstream.pg_stream_hash(array_to_string(inputs, chr(30), '<NULL>'));
END
