-- Observed §7: one row per stream table; staleness = now() - last_refresh_at.
BEGIN
  RETURN QUERY
  SELECT st.pgt_schema || '.' || st.pgt_name, st.status, st.refresh_mode, st.is_populated, st.consecutive_errors, st.schedule,
         st.data_timestamp, now() - st.last_refresh_at, st.scc_id
  FROM pgtrickle.pgt_stream_tables st ORDER BY st.pgt_schema, st.pgt_name;
END
