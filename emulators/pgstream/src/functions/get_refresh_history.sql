-- Reference §5.9: Rule B names; unknown name = zero rows; newest first.
DECLARE
  n record;
BEGIN
  n := pgstream._emu_split_name(name, 'B');
  RETURN QUERY
  SELECT h.refresh_id, h.data_timestamp, h.start_time, h.end_time, h.action, h.status, h.rows_inserted, h.rows_deleted,
         (extract(epoch FROM h.end_time - h.start_time) * 1000)::double precision, h.error_message
  FROM pgstream.pgs_refresh_history h JOIN pgstream.pgs_stream_tables st ON st.pgs_id = h.pgs_id
  WHERE st.pgs_schema = n.schema_name AND st.pgs_name = n.table_name
  ORDER BY h.refresh_id DESC LIMIT max_rows;
END
