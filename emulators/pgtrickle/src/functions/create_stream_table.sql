-- Observed §1, §1a, §2, T7, T8, T10, T14, T15, T18, T19. A failed create leaves nothing behind (one statement).
DECLARE
  v_mode text;
  v_auto boolean;
  n record;
  v_schedule text;
  v_dc text := lower(diamond_consistency);
  v_dsp text := lower(diamond_schedule_policy);
  v_cdc text := lower(btrim(cdc_mode));
  v_sb text := coalesce(lower(storage_backend), 'heap');
  q record;
  v_relid oid;
  v_id bigint;
  st pgtrickle.pgt_stream_tables;
BEGIN
  IF name IS NULL THEN PERFORM pgtrickle._emu_null_arg(0); END IF;
  IF query IS NULL THEN PERFORM pgtrickle._emu_null_arg(1); END IF;
  IF refresh_mode IS NULL THEN PERFORM pgtrickle._emu_null_arg(3); END IF;
  IF initialize IS NULL THEN PERFORM pgtrickle._emu_null_arg(4); END IF;
  IF append_only IS NULL THEN PERFORM pgtrickle._emu_null_arg(8); END IF;
  IF pooler_compatibility_mode IS NULL THEN PERFORM pgtrickle._emu_null_arg(9); END IF;
  IF temporal IS NULL THEN PERFORM pgtrickle._emu_null_arg(14); END IF;
  IF schedule IS NULL THEN
    PERFORM pgtrickle._emu_invalid('use ''calculated'' instead of NULL to set CALCULATED schedule');
  END IF;

  -- refresh mode: any case, INCREMENTAL = DIFFERENTIAL, not trimmed
  v_mode := upper(refresh_mode);
  IF v_mode NOT IN ('AUTO', 'FULL', 'DIFFERENTIAL', 'INCREMENTAL', 'IMMEDIATE') THEN
    PERFORM pgtrickle._emu_invalid(format('unknown refresh mode: %s. Must be ''AUTO'', ''FULL'', ''DIFFERENTIAL'', or ''IMMEDIATE''', v_mode));
  END IF;
  v_auto := v_mode = 'AUTO';
  IF v_mode IN ('AUTO', 'INCREMENTAL') THEN v_mode := 'DIFFERENTIAL'; END IF;

  v_schedule := pgtrickle._emu_schedule(schedule);
  IF v_mode = 'IMMEDIATE' THEN v_schedule := NULL; END IF;

  IF v_dc IS NOT NULL AND v_dc NOT IN ('none', 'atomic') THEN
    PERFORM pgtrickle._emu_invalid(format('invalid diamond_consistency value: ''%s'' (expected ''none'' or ''atomic'')', v_dc));
  END IF;
  IF v_dsp IS NOT NULL AND v_dsp NOT IN ('fastest', 'slowest') THEN
    PERFORM pgtrickle._emu_invalid(format('invalid diamond_schedule_policy value: ''%s'' (expected ''fastest'' or ''slowest'')', diamond_schedule_policy));
  END IF;
  IF v_dsp = 'slowest' AND coalesce(v_dc, 'atomic') <> 'atomic' THEN
    PERFORM pgtrickle._emu_invalid('diamond_schedule_policy = ''slowest'' requires diamond_consistency = ''atomic''. The ''slowest'' policy is only meaningful when atomic cross-branch reads are enabled. Set diamond_consistency = ''atomic'' or use diamond_schedule_policy = ''fastest''.');
  END IF;
  IF v_cdc IS NOT NULL AND v_cdc NOT IN ('auto', 'trigger', 'wal') THEN
    PERFORM pgtrickle._emu_invalid(format('invalid cdc_mode value: ''%s'' (expected ''auto'', ''trigger'', or ''wal'')', v_cdc));
  END IF;
  IF v_cdc = 'wal' AND v_mode = 'IMMEDIATE' THEN
    PERFORM pgtrickle._emu_invalid('refresh_mode = ''IMMEDIATE'' is incompatible with cdc_mode = ''wal''. IMMEDIATE uses in-transaction IVM triggers; WAL-based CDC is async. Use cdc_mode = ''trigger'' or ''auto'', or choose a deferred refresh_mode.');
  END IF;
  IF v_cdc = 'wal' AND current_setting('wal_level') <> 'logical' THEN
    PERFORM pgtrickle._emu_invalid('pg_trickle.cdc_mode = ''wal'' requires wal_level = logical');
  END IF;
  IF v_sb NOT IN ('heap', 'citus', 'pg_mooncake', 'none') THEN
    PERFORM pgtrickle._emu_invalid(format('invalid storage_backend ''%s'': expected ''heap'', ''citus'', ''pg_mooncake'', or ''none''', storage_backend));
  END IF;
  IF output_distribution_column IS NOT NULL THEN
    PERFORM pgtrickle._emu_invalid('output_distribution_column requires Citus to be installed and loaded');
  END IF;
  IF append_only AND v_mode = 'FULL' THEN
    PERFORM pgtrickle._emu_invalid('append_only is not supported with FULL refresh mode. Use DIFFERENTIAL or AUTO refresh mode.');
  END IF;
  IF append_only AND v_mode = 'IMMEDIATE' THEN
    PERFORM pgtrickle._emu_invalid('append_only is not supported with IMMEDIATE refresh mode. Use DIFFERENTIAL or AUTO refresh mode.');
  END IF;
  IF partition_by IS NOT NULL AND v_mode = 'IMMEDIATE' THEN
    PERFORM pgtrickle._emu_invalid('partition_by is not supported with IMMEDIATE refresh mode. Use DIFFERENTIAL or AUTO refresh mode.');
  END IF;

  n := pgtrickle._emu_split_name(name);
  -- the query (PostgreSQL's own errors first), then the mode checks of §1a
  q := pgtrickle._emu_check_query(query, v_mode, v_auto, n.schema_name || '.' || n.table_name);
  v_mode := q.resolved;
  IF append_only AND v_mode = 'FULL' THEN
    PERFORM pgtrickle._emu_invalid('append_only is not supported with FULL refresh mode. Use DIFFERENTIAL or AUTO refresh mode.');
  END IF;
  IF EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = n.schema_name AND pgt_name = n.table_name) THEN
    RAISE EXCEPTION USING ERRCODE = '42P07', MESSAGE = format('stream table already exists: %s.%s', n.schema_name, n.table_name),
      HINT = 'Use pgtrickle.alter_stream_table() to modify an existing stream table, or pgtrickle.drop_stream_table() to remove it first.';
  END IF;
  IF partition_by IS NOT NULL AND btrim(partition_by) = '' THEN
    PERFORM pgtrickle._emu_invalid('partition_by must contain at least one non-empty column name');
  END IF;

  v_relid := pgtrickle._emu_create_storage(n.schema_name, n.table_name, q.probe, q.is_agg AND v_mode <> 'FULL', temporal, partition_by);

  INSERT INTO pgtrickle.pgt_stream_tables (pgt_relid, pgt_name, pgt_schema, defining_query, original_query, schedule, refresh_mode,
    status, diamond_consistency, diamond_schedule_policy, requested_cdc_mode, is_append_only, pooler_compatibility_mode,
    st_partition_key, max_differential_joins, max_delta_fraction, temporal_mode, storage_backend, topk_limit, effective_refresh_mode)
  VALUES (v_relid, n.table_name, n.schema_name, query, NULL, v_schedule, v_mode, 'INITIALIZING',
    coalesce(v_dc, 'atomic'), coalesce(v_dsp, 'fastest'), v_cdc, append_only, pooler_compatibility_mode,
    partition_by, max_differential_joins, max_delta_fraction, temporal, v_sb, q.topk, v_mode)
  RETURNING pgt_id INTO v_id;

  PERFORM pgtrickle._emu_register_sources(v_id, q.probe);
  PERFORM pgtrickle._emu_note_rewrite(v_id, query, q.probe);
  PERFORM pgtrickle._emu_drop_probe();
  IF append_only AND (SELECT has_keyless_source FROM pgtrickle.pgt_stream_tables WHERE pgt_id = v_id) THEN
    PERFORM pgtrickle._emu_invalid('append_only is not supported for stream tables with keyless sources. Add a PRIMARY KEY to all source tables first.');
  END IF;
  -- the frontier starts at the current changes, populated or not (T10)
  UPDATE pgtrickle.pgt_stream_tables SET frontier = pgtrickle._emu_frontier(v_id) WHERE pgt_id = v_id;

  IF initialize THEN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = v_id;
    PERFORM pgtrickle._emu_refresh(st, 'INITIAL');
    UPDATE pgtrickle.pgt_stream_tables SET status = 'ACTIVE' WHERE pgt_id = v_id;
  END IF;
  IF v_mode = 'IMMEDIATE' THEN
    PERFORM pgtrickle._emu_ivm_install(v_id, true);
  END IF;

  IF v_schedule IS NULL AND v_mode <> 'IMMEDIATE' THEN
    RAISE NOTICE '%', format('pg_trickle: Stream table "%s"."%s" uses CALCULATED schedule but has no downstream dependents yet — it will fall back to the default schedule (pg_trickle.default_schedule_seconds = %ss). Add a downstream stream table that references this one to activate the intended schedule.',
      n.schema_name, n.table_name, coalesce(nullif(current_setting('pg_trickle.default_schedule_seconds', true), ''), '1'));
  END IF;
  RAISE INFO '%', format('Stream table %s.%s created (pgt_id=%s, mode=%s, initialized=%s)', n.schema_name, n.table_name, v_id, v_mode, CASE WHEN initialize THEN 'true' ELSE 'false' END);
END
