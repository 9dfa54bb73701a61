-- Reference §5.8: from scheduler history; stale is never NULL (false for cron, CALCULATED, unpopulated).
BEGIN
  RETURN QUERY
  SELECT st.pgs_name, st.pgs_schema, st.status, st.refresh_mode, st.is_populated,
         count(h.refresh_id), count(h.refresh_id) FILTER (WHERE h.status = 'COMPLETED'), count(h.refresh_id) FILTER (WHERE h.status = 'FAILED'),
         coalesce(sum(h.rows_inserted), 0)::bigint, coalesce(sum(h.rows_deleted), 0)::bigint,
         coalesce(avg(extract(epoch FROM h.end_time - h.start_time) * 1000) FILTER (WHERE h.end_time IS NOT NULL), 0)::double precision,
         (array_agg(h.action ORDER BY h.refresh_id DESC))[1], (array_agg(h.status ORDER BY h.refresh_id DESC))[1],
         st.last_refresh_at, extract(epoch FROM now() - st.data_timestamp)::double precision,
         coalesce(st.schedule IS NOT NULL AND st.schedule !~ '\s' AND left(st.schedule, 1) <> '@' AND st.data_timestamp IS NOT NULL
                  AND extract(epoch FROM now() - st.data_timestamp) > pgstream.parse_duration_seconds(st.schedule), false)
  FROM pgstream.pgs_stream_tables st LEFT JOIN pgstream.pgs_refresh_history h ON h.pgs_id = st.pgs_id
  GROUP BY st.pgs_id ORDER BY st.pgs_schema, st.pgs_name;
END
