-- Seconds since data_timestamp; NULL if unknown or never populated. Unqualified names mean public.
DECLARE
  n record;
BEGIN
  n := pgtrickle._emu_split_name(name, 'public');
  RETURN (SELECT extract(epoch FROM now() - st.data_timestamp)::double precision FROM pgtrickle.pgt_stream_tables st
          WHERE st.pgt_schema = n.schema_name AND st.pgt_name = n.table_name);
END
