-- Observed §1b, §2, T1, T5, T9, T10, T11: NULL leaves a setting unchanged; every argument checked and applied in turn.
DECLARE
  st pgtrickle.pgt_stream_tables;
  qn text;
  v text;
  v_mode text;
  q record;
  old_cols record;
  v_change text := 'same';
  v_rebuild boolean := false;
  v_reason text;
  v_old_srcs oid[];
  v_refresh boolean := false;
  v_partition_changed boolean := false;
  v_new_key text;
BEGIN
  IF name IS NULL THEN PERFORM pgtrickle._emu_null_arg(0); END IF;
  st := pgtrickle._emu_lookup(name);
  qn := st.pgt_schema || '.' || st.pgt_name;

  IF query IS NOT NULL THEN
    q := pgtrickle._emu_check_query(query, st.refresh_mode, false, qn);
    -- compare the new output columns with the stored ones
    SELECT string_agg(format('column ''%s'' type changed from OID %s to %s (no implicit cast)', a.attname, a.atttypid, p.typoid), '; ')
      INTO v_reason
    FROM pg_attribute a JOIN pgtrickle._emu_probe_columns(q.probe) p ON p.attname = a.attname::text
    WHERE a.attrelid = st.pgt_relid AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid <> p.typoid;
    IF v_reason IS NOT NULL THEN
      v_change := 'incompatible (full rebuild)';
      v_rebuild := true;
      RAISE WARNING '%', format('pg_trickle: ALTER QUERY requires full storage rebuild: %s. The storage table OID will change.', v_reason);
    ELSIF EXISTS (SELECT 1 FROM pgtrickle._emu_probe_columns(q.probe) p WHERE NOT EXISTS (
                    SELECT 1 FROM pg_attribute a WHERE a.attrelid = st.pgt_relid AND a.attname::text = p.attname AND NOT a.attisdropped))
       OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = st.pgt_relid AND a.attnum > 1 AND NOT a.attisdropped
                    AND a.attname NOT IN ('__pgt_count', '__pgt_valid_from', '__pgt_valid_to')
                    AND NOT EXISTS (SELECT 1 FROM pgtrickle._emu_probe_columns(q.probe) p WHERE p.attname = a.attname::text)) THEN
      v_change := 'compatible';
    END IF;
    SELECT array_agg(source_relid) INTO v_old_srcs FROM pgtrickle.pgt_dependencies WHERE pgt_id = st.pgt_id AND source_type = 'TABLE';
    IF v_rebuild THEN
      PERFORM pgtrickle._emu_rebuild_storage(st.pgt_id, q.probe, q.is_agg AND st.refresh_mode <> 'FULL', st.st_partition_key);
    ELSE
      PERFORM set_config('pg_trickle.internal_refresh', 'true', true);
      FOR old_cols IN SELECT a.attname FROM pg_attribute a WHERE a.attrelid = st.pgt_relid AND a.attnum > 1 AND NOT a.attisdropped
                        AND a.attname NOT IN ('__pgt_count', '__pgt_valid_from', '__pgt_valid_to')
                        AND NOT EXISTS (SELECT 1 FROM pgtrickle._emu_probe_columns(q.probe) p WHERE p.attname = a.attname::text) LOOP
        EXECUTE format('ALTER TABLE %I.%I DROP COLUMN %I', st.pgt_schema, st.pgt_name, old_cols.attname);
      END LOOP;
      FOR old_cols IN SELECT p.attname, p.typ FROM pgtrickle._emu_probe_columns(q.probe) p WHERE NOT EXISTS (
                        SELECT 1 FROM pg_attribute a WHERE a.attrelid = st.pgt_relid AND a.attname::text = p.attname AND NOT a.attisdropped) LOOP
        EXECUTE format('ALTER TABLE %I.%I ADD COLUMN %I %s', st.pgt_schema, st.pgt_name, old_cols.attname, old_cols.typ);
      END LOOP;
      EXECUTE format('DELETE FROM %I.%I', st.pgt_schema, st.pgt_name);
      PERFORM set_config('pg_trickle.internal_refresh', '', true);
    END IF;
    DELETE FROM pgtrickle.pgt_dependencies WHERE pgt_id = st.pgt_id;
    UPDATE pgtrickle.pgt_stream_tables t SET defining_query = alter_stream_table.query, original_query = NULL, topk_limit = q.topk,
      status = CASE WHEN t.status = 'ERROR' THEN 'ACTIVE' ELSE t.status END, needs_reinit = false, updated_at = now()
    WHERE t.pgt_id = st.pgt_id;
    PERFORM pgtrickle._emu_register_sources(st.pgt_id, q.probe);
    PERFORM pgtrickle._emu_note_rewrite(st.pgt_id, alter_stream_table.query, q.probe);
    PERFORM pgtrickle._emu_drop_probe();
    PERFORM pgtrickle._emu_untrack_unused(v_old_srcs);
    IF st.refresh_mode = 'IMMEDIATE' THEN PERFORM pgtrickle._emu_ivm_install(st.pgt_id, true); END IF;
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st.pgt_id;
    PERFORM pgtrickle._emu_refresh(st, 'MANUAL');
    RAISE INFO '%', format('Stream table %s refreshed (FULL)', qn);
    RAISE WARNING '%', format('pg_trickle: stream table %s ALTER QUERY applied a full refresh (schema change: %s). This may take time on large tables.', qn, v_change);
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st.pgt_id;
  END IF;

  IF alter_stream_table.schedule IS NOT NULL THEN
    UPDATE pgtrickle.pgt_stream_tables SET schedule = pgtrickle._emu_schedule(alter_stream_table.schedule), updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;

  IF alter_stream_table.refresh_mode IS NOT NULL THEN
    v_mode := upper(alter_stream_table.refresh_mode);
    IF v_mode NOT IN ('AUTO', 'FULL', 'DIFFERENTIAL', 'INCREMENTAL', 'IMMEDIATE') THEN
      PERFORM pgtrickle._emu_invalid(format('unknown refresh mode: %s. Must be ''AUTO'', ''FULL'', ''DIFFERENTIAL'', or ''IMMEDIATE''', v_mode));
    END IF;
    IF v_mode IN ('AUTO', 'INCREMENTAL') OR v_mode <> st.refresh_mode THEN
      -- AUTO and INCREMENTAL are written as given: the catalog CHECK rejects them (T1)
      v := st.refresh_mode;
      UPDATE pgtrickle.pgt_stream_tables t SET refresh_mode = v_mode, updated_at = now(),
        schedule = CASE WHEN v_mode = 'IMMEDIATE' THEN NULL WHEN st.refresh_mode = 'IMMEDIATE' THEN coalesce(t.schedule, '1m') ELSE t.schedule END
      WHERE t.pgt_id = st.pgt_id;
      PERFORM pgtrickle._emu_ivm_install(st.pgt_id, v_mode = 'IMMEDIATE');
      SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st.pgt_id;
      PERFORM pgtrickle._emu_refresh(st, 'MANUAL');
      RAISE WARNING '%', format('pg_trickle: stream table %s refresh mode changed from %s to %s; a full refresh was applied. This may take time on large tables.',
        qn, v, v_mode);
    END IF;
  END IF;

  IF alter_stream_table.status IS NOT NULL THEN
    v := upper(alter_stream_table.status);
    IF v NOT IN ('INITIALIZING', 'ACTIVE', 'SUSPENDED', 'ERROR') THEN
      PERFORM pgtrickle._emu_invalid('unknown status: ' || v);
    END IF;
    UPDATE pgtrickle.pgt_stream_tables SET status = v, updated_at = now(),
      consecutive_errors = CASE WHEN v = 'ACTIVE' THEN 0 ELSE consecutive_errors END
    WHERE pgt_id = st.pgt_id;
  END IF;

  IF diamond_consistency IS NOT NULL THEN
    v := lower(diamond_consistency);
    IF v NOT IN ('none', 'atomic') THEN
      PERFORM pgtrickle._emu_invalid(format('invalid diamond_consistency value: ''%s'' (expected ''none'' or ''atomic'')', v));
    END IF;
    UPDATE pgtrickle.pgt_stream_tables SET diamond_consistency = v, updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;
  IF diamond_schedule_policy IS NOT NULL THEN
    v := lower(diamond_schedule_policy);
    IF v NOT IN ('fastest', 'slowest') THEN
      PERFORM pgtrickle._emu_invalid(format('invalid diamond_schedule_policy value: ''%s'' (expected ''fastest'' or ''slowest'')', diamond_schedule_policy));
    END IF;
    IF v = 'slowest' AND (SELECT s.diamond_consistency FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_id = st.pgt_id) <> 'atomic' THEN
      PERFORM pgtrickle._emu_invalid('diamond_schedule_policy = ''slowest'' requires diamond_consistency = ''atomic''. The ''slowest'' policy is only meaningful when atomic cross-branch reads are enabled. Set diamond_consistency = ''atomic'' or use diamond_schedule_policy = ''fastest''.');
    END IF;
    UPDATE pgtrickle.pgt_stream_tables SET diamond_schedule_policy = v, updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;

  IF cdc_mode IS NOT NULL THEN
    v := lower(btrim(cdc_mode));
    IF v NOT IN ('auto', 'trigger', 'wal') THEN
      PERFORM pgtrickle._emu_invalid(format('invalid cdc_mode value: ''%s'' (expected ''auto'', ''trigger'', or ''wal'')', v));
    END IF;
    IF v = 'wal' AND current_setting('wal_level') <> 'logical' THEN
      PERFORM pgtrickle._emu_invalid('pg_trickle.cdc_mode = ''wal'' requires wal_level = logical');
    END IF;
    UPDATE pgtrickle.pgt_stream_tables SET requested_cdc_mode = v, updated_at = now() WHERE pgt_id = st.pgt_id;
    RAISE INFO '%', format('Stream table %s updated requested cdc_mode to %s', qn, v);
  END IF;

  IF append_only IS NOT NULL THEN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st.pgt_id;
    IF append_only AND st.refresh_mode = 'FULL' THEN
      PERFORM pgtrickle._emu_invalid('append_only is not supported with FULL refresh mode. Use DIFFERENTIAL or AUTO refresh mode.');
    ELSIF append_only AND st.refresh_mode = 'IMMEDIATE' THEN
      PERFORM pgtrickle._emu_invalid('append_only is not supported with IMMEDIATE refresh mode. Use DIFFERENTIAL or AUTO refresh mode.');
    ELSIF append_only AND st.has_keyless_source THEN
      PERFORM pgtrickle._emu_invalid('append_only is not supported for stream tables with keyless sources. Add a PRIMARY KEY to all source tables first.');
    END IF;
    UPDATE pgtrickle.pgt_stream_tables SET is_append_only = append_only, updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;

  IF pooler_compatibility_mode IS NOT NULL THEN
    UPDATE pgtrickle.pgt_stream_tables SET pooler_compatibility_mode = alter_stream_table.pooler_compatibility_mode, updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;

  IF tier IS NOT NULL THEN
    v := lower(tier);
    IF v NOT IN ('hot', 'warm', 'cold', 'frozen') THEN
      PERFORM pgtrickle._emu_invalid(format('invalid tier value: ''%s'' (expected ''hot'', ''warm'', ''cold'', or ''frozen'')', tier));
    END IF;
    IF (SELECT refresh_tier FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st.pgt_id) = 'hot' AND v = 'cold' THEN
      RAISE NOTICE '%', format('stream table %s demoted from hot to cold — effective refresh interval is now 10× the configured schedule', qn);
    ELSIF (SELECT refresh_tier FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st.pgt_id) = 'hot' AND v = 'frozen' THEN
      RAISE NOTICE '%', format('stream table %s demoted from hot to frozen — refresh is suspended until the tier is changed back', qn);
    END IF;
    UPDATE pgtrickle.pgt_stream_tables SET refresh_tier = v, updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;

  IF fuse IS NOT NULL THEN
    v := lower(fuse);
    IF v NOT IN ('off', 'on', 'auto') THEN
      PERFORM pgtrickle._emu_invalid(format('invalid fuse value: ''%s'' (expected ''off'', ''on'', or ''auto'')', fuse));
    END IF;
    UPDATE pgtrickle.pgt_stream_tables SET fuse_mode = v, updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;
  IF fuse_ceiling IS NOT NULL THEN
    IF fuse_ceiling <= 0 THEN PERFORM pgtrickle._emu_invalid('fuse_ceiling must be a positive integer'); END IF;
    UPDATE pgtrickle.pgt_stream_tables SET fuse_ceiling = alter_stream_table.fuse_ceiling, updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;
  IF fuse_sensitivity IS NOT NULL THEN
    IF fuse_sensitivity <= 0 THEN PERFORM pgtrickle._emu_invalid('fuse_sensitivity must be a positive integer'); END IF;
    UPDATE pgtrickle.pgt_stream_tables SET fuse_sensitivity = alter_stream_table.fuse_sensitivity, updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;

  IF partition_by IS NOT NULL THEN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st.pgt_id;
    v_new_key := nullif(btrim(partition_by), '');
    q := NULL;
    PERFORM pgtrickle._emu_probe(st.defining_query);
    IF v_new_key IS NOT NULL THEN
      PERFORM pgtrickle._emu_partition_clause(v_new_key, format('pg_temp.%I', format('_pgt_emu_probe_%s', pg_backend_pid()))::regclass);
    END IF;
    RAISE WARNING '%', format('pg_trickle: ALTER partition_by on %s requires full storage rebuild. The storage table will be recreated and a full refresh applied.', qn);
    PERFORM pgtrickle._emu_rebuild_storage(st.pgt_id, format('pg_temp.%I', format('_pgt_emu_probe_%s', pg_backend_pid()))::regclass,
      pgtrickle._emu_plan_top(st.defining_query) IN ('Aggregate', 'Group', 'Unique', 'SetOp', 'HashSetOp') AND st.refresh_mode <> 'FULL', v_new_key);
    UPDATE pgtrickle.pgt_stream_tables SET st_partition_key = v_new_key, updated_at = now() WHERE pgt_id = st.pgt_id;
    PERFORM pgtrickle._emu_drop_probe();
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st.pgt_id;
    PERFORM pgtrickle._emu_refresh(st, 'MANUAL');
    RAISE INFO '%', format('pg_trickle: partition key for %s changed to %s; full refresh applied.', qn, coalesce(v_new_key, '(none)'));
  END IF;

  IF max_differential_joins IS NOT NULL THEN
    IF max_differential_joins < 0 THEN
      PERFORM pgtrickle._emu_invalid('max_differential_joins must be a non-negative integer (0 disables the limit)');
    END IF;
    UPDATE pgtrickle.pgt_stream_tables SET max_differential_joins = nullif(alter_stream_table.max_differential_joins, 0), updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;
  IF max_delta_fraction IS NOT NULL THEN
    IF max_delta_fraction < 0 THEN
      PERFORM pgtrickle._emu_invalid('max_delta_fraction must be a non-negative number (0 disables the limit)');
    END IF;
    UPDATE pgtrickle.pgt_stream_tables SET max_delta_fraction = nullif(alter_stream_table.max_delta_fraction, 0), updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;

  IF post_refresh_action IS NOT NULL THEN
    v := lower(post_refresh_action);
    IF v NOT IN ('none', 'analyze', 'reindex', 'reindex_if_drift') THEN
      PERFORM pgtrickle._emu_invalid(format('invalid post_refresh_action ''%s'': expected ''none'', ''analyze'', ''reindex'', or ''reindex_if_drift''', post_refresh_action));
    END IF;
    UPDATE pgtrickle.pgt_stream_tables SET post_refresh_action = v, updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;
  IF reindex_drift_threshold IS NOT NULL THEN
    IF NOT (reindex_drift_threshold > 0 AND reindex_drift_threshold <= 1) THEN
      PERFORM pgtrickle._emu_check_violation('pgt_stream_tables_reindex_drift_threshold_check');
    END IF;
    UPDATE pgtrickle.pgt_stream_tables SET reindex_drift_threshold = alter_stream_table.reindex_drift_threshold, updated_at = now() WHERE pgt_id = st.pgt_id;
  END IF;
END
