-- Observed §4: the catalog columns, staleness (now() - last_refresh_at), stale (duration schedules only), is_topk.
SELECT st.*, now() - st.last_refresh_at,
  CASE WHEN st.schedule IS NOT NULL AND st.schedule !~ '[\s@]'
       THEN extract(epoch FROM now() - st.last_refresh_at) > pgtrickle.parse_duration_seconds(st.schedule) END,
  st.topk_limit IS NOT NULL
FROM pgtrickle.pgt_stream_tables st
