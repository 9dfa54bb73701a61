-- Observed §7: nine checks. The scheduler is the harness's ticker: a session named 'pg_trickle scheduler'
-- (application_name; the real one is a background worker with that backend_type).
DECLARE
  n int;
  lst text;
BEGIN
  SELECT count(*) INTO n FROM pg_stat_activity WHERE application_name = 'pg_trickle scheduler' OR backend_type = 'pg_trickle scheduler';
  check_name := 'scheduler_running';
  IF n > 0 THEN severity := 'OK'; detail := format('%s worker(s) running', n);
  ELSE severity := 'ERROR'; detail := 'No pg_trickle launcher or scheduler background worker found in pg_stat_activity. Check that pg_trickle is in shared_preload_libraries and pg_trickle.enabled = on.';
  END IF;
  RETURN NEXT;

  SELECT count(*), string_agg(pgt_schema || '.' || pgt_name, ', ' ORDER BY 1) INTO n, lst
  FROM pgtrickle.pgt_stream_tables WHERE status IN ('ERROR', 'SUSPENDED');
  check_name := 'error_tables';
  IF n = 0 THEN severity := 'OK'; detail := 'All stream tables are ACTIVE or INITIALIZING';
  ELSE severity := 'ERROR'; detail := format('%s stream table(s) in ERROR/SUSPENDED: %s', n, lst); END IF;
  RETURN NEXT;

  SELECT count(*), string_agg(i.pgt_schema || '.' || i.pgt_name, ', ' ORDER BY 1) INTO n, lst FROM pgtrickle.stream_tables_info i WHERE i.stale;
  check_name := 'stale_tables';
  IF n = 0 THEN severity := 'OK'; detail := 'No stale stream tables';
  ELSE severity := 'WARN'; detail := format('%s stale stream table(s) (scheduler behind its schedule): %s', n, lst); END IF;
  RETURN NEXT;

  SELECT count(*), string_agg(pgt_schema || '.' || pgt_name, ', ' ORDER BY 1) INTO n, lst FROM pgtrickle.pgt_stream_tables WHERE needs_reinit;
  check_name := 'needs_reinit';
  IF n = 0 THEN severity := 'OK'; detail := 'No stream tables awaiting reinitialization';
  ELSE severity := 'WARN'; detail := format('%s stream table(s) need reinitialization (DDL change detected): %s', n, lst); END IF;
  RETURN NEXT;

  SELECT count(*), string_agg(pgt_schema || '.' || pgt_name, ', ' ORDER BY consecutive_errors DESC) INTO n, lst
  FROM pgtrickle.pgt_stream_tables WHERE consecutive_errors > 0 AND status NOT IN ('ERROR', 'SUSPENDED');
  check_name := 'consecutive_errors';
  IF n = 0 THEN severity := 'OK'; detail := 'No stream tables accumulating refresh errors';
  ELSE severity := 'WARN'; detail := format('%s stream table(s) have consecutive errors (approaching auto-suspend): %s', n, lst); END IF;
  RETURN NEXT;

  SELECT count(*), string_agg(b.source_table || ' (' || b.pending_rows || ' pending)', ', ' ORDER BY b.pending_rows DESC) INTO n, lst
  FROM pgtrickle.change_buffer_sizes() b WHERE b.pending_rows > 10000;
  check_name := 'buffer_growth';
  IF n = 0 THEN severity := 'OK'; detail := 'All CDC buffers within normal range';
  ELSE severity := 'WARN'; detail := format('%s CDC buffer(s) exceeding 10 000 pending rows — differential refresh may be stalled: %s', n, lst); END IF;
  RETURN NEXT;

  check_name := 'slot_lag'; severity := 'OK'; detail := 'All WAL replication slots within normal range'; RETURN NEXT;
  check_name := 'worker_pool'; severity := 'OK'; detail := '0/4 worker tokens in use (mode=on)'; RETURN NEXT;
  check_name := 'job_queue'; severity := 'OK'; detail := 'No jobs queued'; RETURN NEXT;
END
