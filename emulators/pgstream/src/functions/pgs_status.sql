-- Reference §5.7.
BEGIN
  RETURN QUERY
  SELECT st.pgs_schema || '.' || st.pgs_name, st.status, st.refresh_mode, st.is_populated, st.consecutive_errors,
         st.schedule, st.data_timestamp, now() - st.data_timestamp
  FROM pgstream.pgs_stream_tables st ORDER BY st.pgs_schema, st.pgs_name;
END
