-- Reference §5.10: Rule B; NULL when unknown or never populated; never raises.
DECLARE
  n record;
  v double precision;
BEGIN
  n := pgstream._emu_split_name(name, 'B');
  SELECT extract(epoch FROM now() - data_timestamp)::double precision INTO v
  FROM pgstream.pgs_stream_tables WHERE pgs_schema = n.schema_name AND pgs_name = n.table_name;
  RETURN v;
END
