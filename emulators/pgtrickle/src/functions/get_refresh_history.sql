-- Newest first; unqualified names mean public; an unknown name gives no rows.
DECLARE
  n record;
BEGIN
  n := pgtrickle._emu_split_name(name, 'public');
  RETURN QUERY
  SELECT h.refresh_id, h.data_timestamp, h.start_time, h.end_time, h.action, h.status, coalesce(h.rows_inserted, 0), coalesce(h.rows_deleted, 0),
         (extract(epoch FROM h.end_time - h.start_time) * 1000)::double precision, h.error_message
  FROM pgtrickle.pgt_refresh_history h JOIN pgtrickle.pgt_stream_tables st ON st.pgt_id = h.pgt_id
  WHERE st.pgt_schema = n.schema_name AND st.pgt_name = n.table_name
  ORDER BY h.refresh_id DESC LIMIT max_rows;
END
