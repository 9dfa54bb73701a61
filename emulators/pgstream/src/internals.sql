-- Emulator internals. Everything here is emulator-only (prefix _emu_, plus _emulator() and _emulator_tick()).

-- Marks the emulator: the harness checks for this function to label every result "emulator".
CREATE FUNCTION pgstream._emulator() RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT 'pg_stream 0.1.1 EMULATOR (dbt-pgstream test double, not the real extension)'::text $$;

-- An error as the real extension raises it (reference §4): SQLSTATE XX000 and the exact message.
CREATE FUNCTION pgstream._emu_error(msg text) RETURNS void LANGUAGE plpgsql
AS $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = msg; END $$;

-- pgrx's error for SQL NULL in a non-nullable parameter (reference §3; wording unconfirmed there).
CREATE FUNCTION pgstream._emu_null_arg(pos int) RETURNS void LANGUAGE plpgsql
AS $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = format('argument %s must not be null', pos); END $$;

-- Name rules of §5.0: split at the first dot only; unqualified = current_schema() (Rule A) or public (Rule B).
-- No trimming, no case folding, no quote handling.
CREATE FUNCTION pgstream._emu_split_name(name text, rule text, OUT schema_name text, OUT table_name text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF strpos(name, '.') > 0 THEN
    schema_name := split_part(name, '.', 1);
    table_name := substr(name, strpos(name, '.') + 1);
  ELSE
    schema_name := CASE WHEN rule = 'A' THEN coalesce(current_schema(), 'public') ELSE 'public' END;
    table_name := name;
  END IF;
END $$;

-- The catalog row for a name (Rule A), or the 'stream table not found' error.
CREATE FUNCTION pgstream._emu_lookup(name text) RETURNS pgstream.pgs_stream_tables
LANGUAGE plpgsql AS $$
DECLARE
  n record;
  r pgstream.pgs_stream_tables;
BEGIN
  n := pgstream._emu_split_name(name, 'A');
  SELECT * INTO r FROM pgstream.pgs_stream_tables WHERE pgs_schema = n.schema_name AND pgs_name = n.table_name;
  IF NOT FOUND THEN
    PERFORM pgstream._emu_error('stream table not found: ' || n.schema_name || '.' || n.table_name);
  END IF;
  RETURN r;
END $$;

-- Seconds of a duration (§10.1); NULL for cron. raise_errors: raise the real error texts, else return NULL.
CREATE FUNCTION pgstream._emu_duration(input text, raise_errors boolean) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  s text := regexp_replace(input, '^\s+|\s+$', '', 'g');
  total bigint := 0;
  digits text := '';
  ch text;
  mult bigint;
BEGIN
  IF input IS NULL THEN
    RETURN NULL;
  END IF;
  IF s = '' THEN
    IF raise_errors THEN PERFORM pgstream._emu_error('invalid argument: schedule cannot be empty'); END IF;
    RETURN NULL;
  END IF;
  IF left(s, 1) = '@' OR strpos(s, ' ') > 0 THEN
    RETURN NULL; -- cron
  END IF;
  IF s ~ '^-[0-9]+$' THEN
    IF raise_errors THEN PERFORM pgstream._emu_error(format('invalid argument: schedule cannot be negative: ''%s''', s)); END IF;
    RETURN NULL;
  END IF;
  IF s ~ '^[0-9]+$' THEN
    RETURN s::bigint;
  END IF;
  FOR i IN 1 .. length(s) LOOP
    ch := substr(s, i, 1);
    IF ch ~ '[0-9]' THEN
      digits := digits || ch;
    ELSE
      mult := CASE ch WHEN 's' THEN 1 WHEN 'm' THEN 60 WHEN 'h' THEN 3600 WHEN 'd' THEN 86400 WHEN 'w' THEN 604800 END;
      IF mult IS NULL THEN
        IF raise_errors THEN
          PERFORM pgstream._emu_error(format('invalid argument: invalid duration unit ''%s'' in ''%s''. Use s (seconds), m (minutes), h (hours), d (days), w (weeks). Example: ''5m'', ''1h30m'', ''2d''', ch, s));
        END IF;
        RETURN NULL;
      END IF;
      IF digits = '' THEN
        IF raise_errors THEN PERFORM pgstream._emu_error(format('invalid argument: expected a number before ''%s'' in duration ''%s''', ch, s)); END IF;
        RETURN NULL;
      END IF;
      total := total + digits::bigint * mult;
      digits := '';
    END IF;
  END LOOP;
  IF digits <> '' THEN
    IF raise_errors THEN
      PERFORM pgstream._emu_error(format('invalid argument: trailing digits ''%s'' without a unit in duration ''%s''. Append s, m, h, d, or w. Example: ''1h30m''', digits, s));
    END IF;
    RETURN NULL;
  END IF;
  RETURN total;
END $$;

-- Validates a schedule as create and alter do (§10.1) and returns the text to store (trimmed).
CREATE FUNCTION pgstream._emu_schedule(input text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  s text := regexp_replace(input, '^\s+|\s+$', '', 'g');
  secs bigint;
  min_secs int := coalesce(nullif(current_setting('pg_stream.min_schedule_seconds', true), '')::int, 60);
  fields text[];
BEGIN
  secs := pgstream._emu_duration(input, true);
  IF secs IS NULL THEN
    -- cron (the emulator checks the shape only; the real one uses the croner crate)
    IF left(s, 1) = '@' THEN
      IF s NOT IN ('@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly') THEN
        PERFORM pgstream._emu_error(format('invalid argument: invalid cron expression ''%s'': unknown alias', s));
      END IF;
    ELSE
      fields := regexp_split_to_array(s, '\s+');
      IF array_length(fields, 1) NOT IN (5, 6) OR EXISTS (SELECT 1 FROM unnest(fields) f WHERE f !~ '^[0-9A-Za-z*,/?#-]+$') THEN
        PERFORM pgstream._emu_error(format('invalid argument: invalid cron expression ''%s'': invalid pattern', s));
      END IF;
    END IF;
  ELSIF secs < min_secs THEN
    PERFORM pgstream._emu_error(format('invalid argument: schedule must be at least %ss, got %ss', min_secs, secs));
  END IF;
  RETURN s;
END $$;

-- Relations a query references, found through a temporary view's dependencies, views expanded
-- (a view is reported as VIEW and the relations inside it as sources too, as inlining does).
CREATE FUNCTION pgstream._emu_view_deps(view_oid oid) RETURNS TABLE(relid oid, relkind "char")
LANGUAGE sql STABLE AS $$
  SELECT DISTINCT c.oid, c.relkind
  FROM pg_depend d
  JOIN pg_rewrite rw ON rw.oid = d.objid
  JOIN pg_class c ON c.oid = d.refobjid
  WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
    AND rw.ev_class = view_oid AND c.oid <> view_oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
$$;

CREATE FUNCTION pgstream._emu_sources(view_oid oid) RETURNS TABLE(relid oid, source_type text, direct boolean)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  seen oid[] := '{}';
  frontier oid[];
  nxt oid[];
  r record;
  depth int := 0;
BEGIN
  frontier := ARRAY[view_oid];
  WHILE array_length(frontier, 1) > 0 LOOP
    depth := depth + 1;
    IF depth > 11 THEN
      PERFORM pgstream._emu_error('query parse error: View inlining exceeded maximum nesting depth of 10. This may indicate circular view dependencies.');
    END IF;
    nxt := '{}';
    FOR r IN SELECT d.relid, d.relkind FROM unnest(frontier) f(v), LATERAL pgstream._emu_view_deps(f.v) d LOOP
      CONTINUE WHEN r.relid = ANY(seen);
      seen := seen || r.relid;
      relid := r.relid;
      direct := depth = 1;
      source_type := CASE
        WHEN r.relkind IN ('r', 'p') AND EXISTS (SELECT 1 FROM pgstream.pgs_stream_tables WHERE pgs_relid = r.relid) THEN 'STREAM_TABLE'
        WHEN r.relkind IN ('r', 'p') THEN 'TABLE'
        WHEN r.relkind = 'v' THEN 'VIEW'
        WHEN r.relkind = 'm' THEN 'MATVIEW'
        ELSE 'FOREIGN_TABLE' END;
      RETURN NEXT;
      IF r.relkind = 'v' THEN nxt := nxt || r.relid; END IF;
    END LOOP;
    frontier := nxt;
  END LOOP;
END $$;

-- 'LIMIT' or 'OFFSET' when the query has one at its top level (a Limit plan node on top), else NULL.
-- viewdef is the deparsed 'SELECT * FROM (query) sub', whose inner query ends with LIMIT/OFFSET if any.
CREATE FUNCTION pgstream._emu_top_limit(query text, viewdef text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  plan jsonb;
  node jsonb;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON, COSTS OFF) SELECT * FROM (' || query || ') sub' INTO plan;
  node := plan -> 0 -> 'Plan';
  WHILE node ->> 'Node Type' IN ('Subquery Scan', 'Result') AND node ? 'Plans' LOOP
    node := node -> 'Plans' -> 0;
  END LOOP;
  IF node ->> 'Node Type' <> 'Limit' THEN
    RETURN NULL;
  END IF;
  RETURN CASE WHEN viewdef ~* '\mLIMIT\s+[^()]*\)\s*sub\s*;?\s*$' THEN 'LIMIT' ELSE 'OFFSET' END;
END $$;

-- Is the top plan node an aggregate, DISTINCT or INTERSECT/EXCEPT (these get __pgs_count in DIFFERENTIAL mode)?
CREATE FUNCTION pgstream._emu_top_is_aggregate(query text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  plan jsonb;
  node jsonb;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON, COSTS OFF) SELECT * FROM (' || query || ') sub' INTO plan;
  node := plan -> 0 -> 'Plan';
  WHILE node ->> 'Node Type' IN ('Sort', 'Incremental Sort', 'Result', 'Subquery Scan', 'Gather', 'Gather Merge', 'Materialize') AND node ? 'Plans' LOOP
    node := node -> 'Plans' -> 0;
  END LOOP;
  RETURN node ->> 'Node Type' IN ('Aggregate', 'Group', 'Unique', 'SetOp', 'HashSetOp');
END $$;

-- Change capture for one TABLE source (§9): buffer table, two trigger functions, two triggers, tracking row.
CREATE FUNCTION pgstream._emu_track_source(src oid, id bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pgstream.pgs_change_tracking WHERE source_relid = src) THEN
    UPDATE pgstream.pgs_change_tracking SET tracked_by_pgs_ids = array_append(tracked_by_pgs_ids, id) WHERE source_relid = src;
    RETURN;
  END IF;
  EXECUTE format('CREATE TABLE IF NOT EXISTS pgstream_changes.changes_%s (change_id bigserial, lsn pg_lsn NOT NULL, action char(1) NOT NULL, pk_hash bigint)', src);
  EXECUTE format('CREATE INDEX IF NOT EXISTS idx_changes_%1$s_lsn_pk_cid ON pgstream_changes.changes_%1$s (lsn, pk_hash, change_id) INCLUDE (action)', src);
  EXECUTE format($f$CREATE OR REPLACE FUNCTION pgstream_changes.pg_stream_cdc_fn_%1$s() RETURNS trigger LANGUAGE plpgsql AS $b$
    BEGIN INSERT INTO pgstream_changes.changes_%1$s (lsn, action) VALUES (pg_current_wal_insert_lsn(), left(TG_OP, 1)); RETURN NULL; END $b$ $f$, src);
  EXECUTE format($f$CREATE OR REPLACE FUNCTION pgstream_changes.pg_stream_cdc_truncate_fn_%1$s() RETURNS trigger LANGUAGE plpgsql AS $b$
    BEGIN INSERT INTO pgstream_changes.changes_%1$s (lsn, action) VALUES (pg_current_wal_insert_lsn(), 'T'); RETURN NULL; END $b$ $f$, src);
  EXECUTE format('CREATE TRIGGER pg_stream_cdc_%1$s AFTER INSERT OR UPDATE OR DELETE ON %2$s FOR EACH ROW EXECUTE FUNCTION pgstream_changes.pg_stream_cdc_fn_%1$s()', src, src::regclass);
  EXECUTE format('CREATE TRIGGER pg_stream_cdc_truncate_%1$s AFTER TRUNCATE ON %2$s FOR EACH STATEMENT EXECUTE FUNCTION pgstream_changes.pg_stream_cdc_truncate_fn_%1$s()', src, src::regclass);
  INSERT INTO pgstream.pgs_change_tracking (source_relid, slot_name, tracked_by_pgs_ids) VALUES (src, 'pg_stream_cdc_' || src, ARRAY[id]);
END $$;

-- Removes change capture of sources no stream table uses any more (§5.3 step 5).
CREATE FUNCTION pgstream._emu_untrack_unused(srcs oid[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  src oid;
BEGIN
  FOREACH src IN ARRAY coalesce(srcs, '{}') LOOP
    CONTINUE WHEN EXISTS (SELECT 1 FROM pgstream.pgs_dependencies WHERE source_relid = src AND source_type = 'TABLE');
    -- As the real one (observed O3): the trigger's table is named by its OID's regclass text, which for a dropped
    -- source is a bare number, so dropping the last reader of a dropped source fails with
    -- syntax error at or near "<oid>" (DROP TRIGGER IF EXISTS pg_stream_cdc_<oid> ON <oid>).
    EXECUTE format('DROP TRIGGER IF EXISTS pg_stream_cdc_%1$s ON %2$s', src, src::regclass);
    EXECUTE format('DROP TRIGGER IF EXISTS pg_stream_cdc_truncate_%1$s ON %2$s', src, src::regclass);
    EXECUTE format('DROP FUNCTION IF EXISTS pgstream_changes.pg_stream_cdc_fn_%s()', src);
    EXECUTE format('DROP FUNCTION IF EXISTS pgstream_changes.pg_stream_cdc_truncate_fn_%s()', src);
    EXECUTE format('DROP TABLE IF EXISTS pgstream_changes.changes_%s', src);
    DELETE FROM pgstream.pgs_change_tracking WHERE source_relid = src;
  END LOOP;
END $$;

-- The newest change id per TABLE source of a stream table, as frontier JSON (§8.1 shape, plus the change id).
CREATE FUNCTION pgstream._emu_frontier(id bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  result jsonb := '{}';
  r record;
  last_id bigint;
BEGIN
  FOR r IN SELECT source_relid FROM pgstream.pgs_dependencies WHERE pgs_id = id AND source_type = 'TABLE' LOOP
    last_id := NULL;
    IF to_regclass(format('pgstream_changes.changes_%s', r.source_relid)) IS NOT NULL THEN
      EXECUTE format('SELECT max(change_id) FROM pgstream_changes.changes_%s', r.source_relid) INTO last_id;
    END IF;
    result := result || jsonb_build_object(r.source_relid::text, jsonb_build_object(
      'lsn', pg_current_wal_insert_lsn()::text, 'snapshot_ts', extract(epoch FROM now())::text || 'Z', 'change_id', coalesce(last_id, 0)));
  END LOOP;
  RETURN jsonb_build_object('sources', result, 'data_timestamp', extract(epoch FROM now())::text || 'Z');
END $$;

-- Are there captured changes newer than the stream table's frontier? A dropped source's buffer gets none.
CREATE FUNCTION pgstream._emu_has_changes(st pgstream.pgs_stream_tables) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  seen bigint;
  newer boolean;
BEGIN
  FOR r IN SELECT source_relid FROM pgstream.pgs_dependencies WHERE pgs_id = st.pgs_id AND source_type = 'TABLE' LOOP
    CONTINUE WHEN to_regclass(format('pgstream_changes.changes_%s', r.source_relid)) IS NULL;
    seen := coalesce((st.frontier -> 'sources' -> r.source_relid::text ->> 'change_id')::bigint, 0);
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM pgstream_changes.changes_%s WHERE change_id > $1)', r.source_relid) INTO newer USING seen;
    IF newer THEN RETURN true; END IF;
  END LOOP;
  RETURN false;
END $$;

-- The real extension's full-refresh path first tries to split the defining query on top-level UNION ALL
-- (observed O2). Its splitter walks bytes, knows only '...' and "..." quoting (not comments, dollar quotes or
-- E'' escapes) and slices the text five bytes at a time at parenthesis depth 0: when a slice boundary falls inside
-- a multi-byte character, the Rust code panics. This raises the panic's first line as the real one prints it
-- (the real error adds a Rust backtrace as DETAIL).
CREATE FUNCTION pgstream._emu_union_all_splitter(query text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  b bytea := convert_to(query, 'UTF8');
  len int := length(b);
  i int := 0;
  j int;
  depth int := 0;
  sq boolean := false;
  dq boolean := false;
  ch int;
  closing int;
  bad int;
  kind text;
  cstart int;
  clen int;
  shown bytea;
  ellipsis text := '';
BEGIN
  WHILE i < len LOOP
    ch := get_byte(b, i);
    IF sq OR dq THEN
      closing := 34;
      IF sq THEN closing := 39; END IF;
      IF ch = closing THEN
        IF i + 1 < len AND get_byte(b, i + 1) = ch THEN i := i + 2; CONTINUE; END IF;
        sq := false; dq := false;
      END IF;
      i := i + 1;
      CONTINUE;
    END IF;
    IF ch = 39 THEN sq := true;
    ELSIF ch = 34 THEN dq := true;
    ELSIF ch = 40 THEN depth := depth + 1;
    ELSIF ch = 41 THEN depth := depth - 1;
    ELSIF depth = 0 THEN
      IF (get_byte(b, i) & 192) = 128 THEN bad := i; kind := 'start';
      ELSIF len - i >= 5 AND i + 5 < len AND (get_byte(b, i + 5) & 192) = 128 THEN bad := i + 5; kind := 'end';
      ELSIF len - i >= 5 AND upper(convert_from(substring(b FROM i + 1 FOR 5), 'UTF8')) = 'UNION'
            AND (i = 0 OR NOT (chr(get_byte(b, i - 1)) ~ '[A-Za-z0-9_]')) THEN
        j := i + 5;
        WHILE j < len AND get_byte(b, j) IN (32, 9, 10, 12, 13) LOOP j := j + 1; END LOOP;
        IF j + 3 < len AND (get_byte(b, j + 3) & 192) = 128 THEN bad := j + 3; kind := 'end';
        ELSIF j + 3 <= len AND upper(convert_from(substring(b FROM j + 1 FOR 3), 'UTF8')) = 'ALL'
              AND (j + 3 >= len OR NOT (chr(get_byte(b, j + 3)) ~ '[A-Za-z0-9_]')) THEN
          i := j + 3;
          CONTINUE;
        END IF;
      END IF;
      IF bad IS NOT NULL THEN
        cstart := bad;
        WHILE (get_byte(b, cstart) & 192) = 128 LOOP cstart := cstart - 1; END LOOP;
        clen := CASE WHEN get_byte(b, cstart) >= 240 THEN 4 WHEN get_byte(b, cstart) >= 224 THEN 3 ELSE 2 END;
        shown := b;
        IF len > 256 THEN
          j := 256;
          WHILE (get_byte(b, j) & 192) = 128 LOOP j := j - 1; END LOOP;
          shown := substring(b FROM 1 FOR j);
          ellipsis := '[...]';
        END IF;
        PERFORM pgstream._emu_error(format('%s byte index %s is not a char boundary; it is inside ''%s'' (bytes %s..%s) of `%s`%s',
          kind, bad, convert_from(substring(b FROM cstart + 1 FOR clen), 'UTF8'), cstart, cstart + clen, convert_from(shown, 'UTF8'), ellipsis));
      END IF;
    END IF;
    i := i + 1;
  END LOOP;
END $$;

-- Recomputes the storage table from the stored defining_query (TRUNCATE + INSERT). The emulator refreshes
-- DIFFERENTIAL tables this way too: the content equals what applying the captured delta yields.
CREATE FUNCTION pgstream._emu_populate(st pgstream.pgs_stream_tables) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  cols text;
  n bigint;
BEGIN
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
  FROM pg_attribute WHERE attrelid = st.pgs_relid AND attnum > 1 AND NOT attisdropped AND attname <> '__pgs_count';
  EXECUTE format('TRUNCATE %I.%I', st.pgs_schema, st.pgs_name);
  EXECUTE format('INSERT INTO %I.%I (__pgs_row_id, %s) SELECT row_number() OVER ()::bigint, sub.* FROM (%s) sub',
                 st.pgs_schema, st.pgs_name, cols, st.defining_query);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- One refresh as refresh_stream_table and the scheduler do it (§5.5, §10.3). Returns the action taken.
-- Catalog update (frontier, timestamps, ACTIVE, errors reset) as in §5.5 step 5.
CREATE FUNCTION pgstream._emu_refresh(st pgstream.pgs_stream_tables, scheduled boolean, OUT action text, OUT rows_inserted bigint)
LANGUAGE plpgsql AS $$
BEGIN
  rows_inserted := 0;
  IF scheduled AND st.needs_reinit THEN
    action := 'REINITIALIZE';
  ELSIF scheduled AND st.is_populated AND NOT pgstream._emu_has_changes(st) THEN
    action := 'NO_DATA';
  ELSIF st.refresh_mode = 'FULL' THEN
    action := 'FULL';
  ELSIF st.frontier IS NULL OR coalesce(st.frontier -> 'sources', '{}') = '{}' THEN
    -- A frontier that tracks no source counts as none (the real Frontier::is_empty): a stream table reading only
    -- stream tables is refreshed FULL every time, so a manual refresh sees its upstream's changes.
    IF NOT scheduled THEN
      RAISE INFO 'Stream table %.%: no previous frontier, performing FULL refresh first', st.pgs_schema, st.pgs_name;
    END IF;
    action := 'FULL';
  ELSIF pgstream._emu_has_changes(st) THEN
    action := 'DIFFERENTIAL';
  ELSE
    action := 'NO_DATA';
  END IF;
  IF action IN ('FULL', 'REINITIALIZE') THEN
    PERFORM pgstream._emu_union_all_splitter(st.defining_query);
  END IF;
  IF action <> 'NO_DATA' THEN
    rows_inserted := pgstream._emu_populate(st);
  END IF;
  UPDATE pgstream.pgs_stream_tables SET
    frontier = CASE WHEN action = 'NO_DATA' AND scheduled THEN frontier ELSE pgstream._emu_frontier(pgs_id) END,
    data_timestamp = now(), last_refresh_at = now(), is_populated = true, status = 'ACTIVE',
    consecutive_errors = 0, needs_reinit = false, updated_at = now()
  WHERE pgs_id = st.pgs_id;
END $$;

-- Stream tables downstream of a set (through STREAM_TABLE dependencies), the set included.
CREATE FUNCTION pgstream._emu_with_downstream(ids bigint[]) RETURNS bigint[]
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE down(id) AS (
    SELECT unnest(ids)
    UNION
    SELECT d.pgs_id FROM pgstream.pgs_dependencies d
    JOIN pgstream.pgs_stream_tables up ON up.pgs_relid = d.source_relid
    JOIN down ON down.id = up.pgs_id
    WHERE d.source_type = 'STREAM_TABLE'
  )
  SELECT coalesce(array_agg(id), '{}') FROM down
$$;

-- The emulator's scheduler: one tick of the real background worker (§10.3 as observed). The harness calls it
-- every second during every scenario, on database postgres only, as the real worker serves only that database.
-- Only ACTIVE tables are loaded (INITIALIZING ones never are). Due: not populated, needs_reinit, a duration
-- elapsed since data_timestamp, or ANY cron schedule: the real scheduler treats a cron table as due on every
-- tick (observed O1). NULL (CALCULATED) schedules are never due. A stream table over stream tables only gets
-- NO_DATA (its timestamps still advance; observed O4). Each refresh writes a SCHEDULER history row. A refresh
-- that raises an error aborts the whole tick (observed O6): every refresh of that tick is rolled back, no history
-- row is written, consecutive_errors stays 0, and the caller (the harness's ticker) waits 5 s, as the real
-- worker restarts after 5 s.
CREATE FUNCTION pgstream._emulator_tick(at timestamptz DEFAULT now())
RETURNS TABLE(pgs_schema text, pgs_name text, action text, status text)
LANGUAGE plpgsql AS $$
DECLARE
  st pgstream.pgs_stream_tables;
  due boolean;
  secs bigint;
  hist bigint;
  res record;
  t0 timestamptz;
BEGIN
  FOR st IN SELECT * FROM pgstream.pgs_stream_tables s WHERE s.status = 'ACTIVE' ORDER BY s.pgs_id LOOP
    secs := pgstream._emu_duration(st.schedule, false);
    due := NOT st.is_populated
        OR st.needs_reinit
        OR (st.schedule IS NOT NULL AND secs IS NOT NULL AND (st.data_timestamp IS NULL OR extract(epoch FROM at - st.data_timestamp) > secs))
        OR (st.schedule IS NOT NULL AND secs IS NULL);
    CONTINUE WHEN NOT due;
    CONTINUE WHEN NOT pg_try_advisory_xact_lock(st.pgs_id);
    t0 := clock_timestamp();
    INSERT INTO pgstream.pgs_refresh_history (pgs_id, data_timestamp, start_time, action, status, initiated_by, freshness_deadline)
    VALUES (st.pgs_id, now(), t0, CASE WHEN st.needs_reinit THEN 'REINITIALIZE' WHEN st.refresh_mode = 'FULL' THEN 'FULL' ELSE 'DIFFERENTIAL' END,
            'RUNNING', 'SCHEDULER', CASE WHEN secs IS NOT NULL THEN now() + make_interval(secs => secs) END)
    RETURNING refresh_id INTO hist;
    res := pgstream._emu_refresh(st, true);
    UPDATE pgstream.pgs_refresh_history h SET status = 'COMPLETED', action = res.action, end_time = clock_timestamp(),
      rows_inserted = res.rows_inserted WHERE h.refresh_id = hist;
    pgs_schema := st.pgs_schema; pgs_name := st.pgs_name; action := res.action; status := 'COMPLETED';
    RETURN NEXT;
  END LOOP;
END $$;
