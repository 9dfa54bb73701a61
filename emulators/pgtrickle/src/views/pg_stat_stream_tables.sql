-- Observed §4: 25 columns; history counters default to 0; stale NULL before a first refresh.
SELECT st.pgt_id, st.pgt_schema, st.pgt_name, st.status, st.refresh_mode, st.is_populated, st.data_timestamp, st.schedule,
  now() - st.last_refresh_at,
  CASE WHEN st.schedule IS NOT NULL AND st.schedule !~ '[\s@]' AND st.last_refresh_at IS NOT NULL
       THEN extract(epoch FROM now() - st.last_refresh_at) > pgtrickle.parse_duration_seconds(st.schedule) END,
  st.consecutive_errors, st.needs_reinit, st.last_refresh_at,
  coalesce(h.total, 0), coalesce(h.ok, 0), coalesce(h.failed, 0), coalesce(h.ins, 0), coalesce(h.del, 0), h.avg_ms,
  l.action, l.status,
  (SELECT array_agg(DISTINCT d.cdc_mode ORDER BY d.cdc_mode) FROM pgtrickle.pgt_dependencies d WHERE d.pgt_id = st.pgt_id AND d.source_type = 'TABLE'),
  st.scc_id, st.last_fixpoint_iterations, st.refresh_tier
FROM pgtrickle.pgt_stream_tables st
LEFT JOIN LATERAL (
  SELECT count(*)::bigint AS total, count(*) FILTER (WHERE x.status = 'COMPLETED')::bigint AS ok, count(*) FILTER (WHERE x.status = 'FAILED')::bigint AS failed,
         coalesce(sum(x.rows_inserted), 0)::bigint AS ins, coalesce(sum(x.rows_deleted), 0)::bigint AS del,
         (avg(extract(epoch FROM x.end_time - x.start_time) * 1000) FILTER (WHERE x.end_time IS NOT NULL))::double precision AS avg_ms
  FROM pgtrickle.pgt_refresh_history x WHERE x.pgt_id = st.pgt_id
) h ON true
LEFT JOIN LATERAL (
  SELECT y.action, y.status FROM pgtrickle.pgt_refresh_history y WHERE y.pgt_id = st.pgt_id ORDER BY y.refresh_id DESC LIMIT 1
) l ON true
