-- Reference §8.5: the 20 catalog columns, staleness, stale.
SELECT st.*, now() - st.data_timestamp,
  CASE WHEN st.schedule IS NOT NULL AND st.schedule !~ '\s' AND left(st.schedule, 1) <> '@' AND st.data_timestamp IS NOT NULL
       THEN extract(epoch FROM now() - st.data_timestamp) > pgstream.parse_duration_seconds(st.schedule) END
FROM pgstream.pgs_stream_tables st
