-- Observed §1b, §7: one row per stream table.
BEGIN
  RETURN QUERY
  SELECT st.pgt_schema || '.' || st.pgt_name, st.fuse_mode, st.fuse_state, st.fuse_ceiling,
         CASE WHEN st.fuse_mode <> 'off' THEN st.fuse_ceiling END, st.fuse_sensitivity, st.blown_at, st.blow_reason
  FROM pgtrickle.pgt_stream_tables st ORDER BY st.pgt_schema, st.pgt_name;
END
