-- Reference §8.6: 21 columns; history counters COALESCE 0 (0 for manually refreshed tables).
SELECT st.pgs_id, st.pgs_schema, st.pgs_name, st.status, st.refresh_mode, st.is_populated, st.data_timestamp, st.schedule,
  now() - st.data_timestamp,
  CASE WHEN st.schedule IS NOT NULL AND st.schedule !~ '\s' AND left(st.schedule, 1) <> '@' AND st.data_timestamp IS NOT NULL
       THEN extract(epoch FROM now() - st.data_timestamp) > pgstream.parse_duration_seconds(st.schedule) END,
  st.consecutive_errors, st.needs_reinit, st.last_refresh_at,
  coalesce(h.total, 0), coalesce(h.ok, 0), coalesce(h.failed, 0), coalesce(h.ins, 0), coalesce(h.del, 0), h.avg_ms,
  l.action, l.status
FROM pgstream.pgs_stream_tables st
LEFT JOIN LATERAL (
  SELECT count(*) AS total, count(*) FILTER (WHERE status = 'COMPLETED') AS ok, count(*) FILTER (WHERE status = 'FAILED') AS failed,
         sum(rows_inserted)::bigint AS ins, sum(rows_deleted)::bigint AS del,
         (avg(extract(epoch FROM end_time - start_time) * 1000) FILTER (WHERE end_time IS NOT NULL))::double precision AS avg_ms
  FROM pgstream.pgs_refresh_history WHERE pgs_id = st.pgs_id
) h ON true
LEFT JOIN LATERAL (
  SELECT action, status FROM pgstream.pgs_refresh_history WHERE pgs_id = st.pgs_id ORDER BY refresh_id DESC LIMIT 1
) l ON true
