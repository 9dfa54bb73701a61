-- Reference §5.14: elements joined with 0x1E, NULL encoded; hashed as pg_stream_hash (emulator: md5-based).
BEGIN
  RETURN pgstream.pg_stream_hash(array_to_string(inputs, chr(30), '<NULL>'));
END
