-- Emulator internals. Everything here is emulator-only (prefix _emu_, plus _emulator() and _emulator_tick()).
-- Written from docs/pgtrickle-observed.md (T-numbers and § refer to it).

-- Marks the emulator: the harness checks for this function to label every result "emulator".
CREATE FUNCTION pgtrickle._emulator() RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT 'pg_trickle 0.48.0 EMULATOR (dbt-pgtrickle test double, not the real extension)'::text $$;

-- T14 error classes.
CREATE FUNCTION pgtrickle._emu_invalid(msg text) RETURNS void LANGUAGE plpgsql
AS $$ BEGIN
  RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid argument: ' || msg,
    HINT = 'See docs/SQL_REFERENCE.md for valid parameter values and syntax.';
END $$;

CREATE FUNCTION pgtrickle._emu_not_found(qualified text) RETURNS void LANGUAGE plpgsql
AS $$ BEGIN
  RAISE EXCEPTION USING ERRCODE = '42P01', MESSAGE = 'stream table not found: ' || qualified,
    HINT = 'Use pgtrickle.pgt_status() to list existing stream tables. Ensure the name is schema-qualified (e.g., ''public.my_table'').';
END $$;

CREATE FUNCTION pgtrickle._emu_unsupported(msg text) RETURNS void LANGUAGE plpgsql
AS $$ BEGIN
  RAISE EXCEPTION USING ERRCODE = '0A000', MESSAGE = 'unsupported operator for DIFFERENTIAL mode: ' || msg,
    DETAIL = 'DIFFERENTIAL mode supports SELECT, WHERE, simple JOINs (INNER/LEFT/RIGHT), GROUP BY, HAVING, ORDER BY, and LIMIT. CTEs (WITH …), FULL OUTER JOINs, window functions without a writable equivalent, and certain aggregate forms are not supported.',
    HINT = 'Use refresh_mode = ''FULL'' or refresh_mode = ''AUTO'' to handle queries that contain unsupported constructs. AUTO will try DIFFERENTIAL first and fall back to FULL when needed.';
END $$;

-- pgrx's error for SQL NULL in a non-nullable parameter (0-based position; the real one adds a backtrace DETAIL).
CREATE FUNCTION pgtrickle._emu_null_arg(pos int) RETURNS void LANGUAGE plpgsql
AS $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = format('argument %s must not be null', pos); END $$;

-- A CHECK failure on pgt_stream_tables for a constraint the catalog DDL does not carry.
CREATE FUNCTION pgtrickle._emu_check_violation(constraint_name text) RETURNS void LANGUAGE plpgsql
AS $$ BEGIN
  RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = format('new row for relation "pgt_stream_tables" violates check constraint "%s"', constraint_name),
    SCHEMA = 'pgtrickle', TABLE = 'pgt_stream_tables', CONSTRAINT = constraint_name;
END $$;

-- T8: split at the first dot, no case folding, no quote handling; unqualified = first schema of search_path
-- (rule 'search_path') or public (rule 'public').
CREATE FUNCTION pgtrickle._emu_split_name(name text, rule text DEFAULT 'search_path', OUT schema_name text, OUT table_name text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF strpos(name, '.') > 0 THEN
    schema_name := split_part(name, '.', 1);
    table_name := substr(name, strpos(name, '.') + 1);
  ELSE
    schema_name := CASE WHEN rule = 'public' THEN 'public' ELSE coalesce(current_schema(), 'public') END;
    table_name := name;
  END IF;
END $$;

-- The catalog row for a name, or 42P01 stream table not found.
CREATE FUNCTION pgtrickle._emu_lookup(name text) RETURNS pgtrickle.pgt_stream_tables
LANGUAGE plpgsql AS $$
DECLARE
  n record;
  r pgtrickle.pgt_stream_tables;
BEGIN
  n := pgtrickle._emu_split_name(name);
  SELECT * INTO r FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = n.schema_name AND pgt_name = n.table_name;
  IF NOT FOUND THEN
    PERFORM pgtrickle._emu_not_found(n.schema_name || '.' || n.table_name);
  END IF;
  RETURN r;
END $$;

-- §2: seconds of a duration; NULL for cron. raise_errors: raise the real error texts, else return NULL.
CREATE FUNCTION pgtrickle._emu_duration(input text, raise_errors boolean) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  s text := btrim(input, E' \t\n\r');
  total bigint := 0;
  digits text := '';
  ch text;
  mult bigint;
BEGIN
  IF input IS NULL THEN RETURN NULL; END IF;
  IF s = '' THEN
    IF raise_errors THEN PERFORM pgtrickle._emu_invalid('schedule cannot be empty'); END IF;
    RETURN NULL;
  END IF;
  IF left(s, 1) = '@' OR s ~ '\s' THEN RETURN NULL; END IF; -- cron
  IF s ~ '^-[0-9]+$' THEN
    IF raise_errors THEN PERFORM pgtrickle._emu_invalid(format('schedule cannot be negative: ''%s''', s)); END IF;
    RETURN NULL;
  END IF;
  IF s ~ '^[0-9]+$' THEN RETURN s::bigint; END IF;
  FOR i IN 1 .. length(s) LOOP
    ch := substr(s, i, 1);
    IF ch ~ '[0-9]' THEN
      digits := digits || ch;
    ELSE
      mult := CASE WHEN ch = 's' THEN 1 WHEN ch = 'm' THEN 60 WHEN ch = 'h' THEN 3600 WHEN ch = 'd' THEN 86400 WHEN ch = 'w' THEN 604800 END;
      IF mult IS NULL THEN
        IF raise_errors THEN
          PERFORM pgtrickle._emu_invalid(format('invalid duration unit ''%s'' in ''%s''. Use s (seconds), m (minutes), h (hours), d (days), w (weeks). Example: ''5m'', ''1h30m'', ''2d''', ch, s));
        END IF;
        RETURN NULL;
      END IF;
      IF digits = '' THEN
        IF raise_errors THEN PERFORM pgtrickle._emu_invalid(format('expected a number before ''%s'' in duration ''%s''', ch, s)); END IF;
        RETURN NULL;
      END IF;
      total := total + digits::bigint * mult;
      digits := '';
    END IF;
  END LOOP;
  IF digits <> '' THEN
    IF raise_errors THEN
      PERFORM pgtrickle._emu_invalid(format('trailing digits ''%s'' without a unit in duration ''%s''. Append s, m, h, d, or w. Example: ''1h30m''', digits, s));
    END IF;
    RETURN NULL;
  END IF;
  RETURN total;
END $$;

-- §2: validates a schedule as create and alter do; returns the text to store (trimmed; NULL for 'calculated').
CREATE FUNCTION pgtrickle._emu_schedule(input text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  s text := btrim(input, E' \t\n\r');
  secs bigint;
  min_secs int := coalesce(nullif(current_setting('pg_trickle.min_schedule_seconds', true), '')::int, 1);
  fields text[];
  nf int;
  lo int[];
  hi int[];
  num text;
  k int;
BEGIN
  IF lower(s) = 'calculated' THEN RETURN NULL; END IF;
  secs := pgtrickle._emu_duration(input, true);
  IF secs IS NULL THEN
    -- cron: the emulator checks aliases, the field count and numeric bounds (the real one uses the croner crate)
    IF left(s, 1) = '@' THEN
      IF lower(s) NOT IN ('@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly') THEN
        PERFORM pgtrickle._emu_invalid(format('invalid cron expression ''%s'': Invalid pattern: Pattern must have between 5 and 7 fields.', s));
      END IF;
    ELSE
      fields := regexp_split_to_array(s, '\s+');
      nf := array_length(fields, 1);
      IF nf NOT IN (5, 6) THEN
        PERFORM pgtrickle._emu_invalid(format('invalid cron expression ''%s'': expected 5 or 6 fields, got %s', s, nf));
      END IF;
      IF nf = 5 THEN lo := ARRAY[0, 0, 1, 1, 0]; hi := ARRAY[59, 23, 31, 12, 7];
      ELSE lo := ARRAY[0, 0, 0, 1, 1, 0]; hi := ARRAY[59, 59, 23, 31, 12, 7]; END IF;
      FOR k IN 1 .. nf LOOP
        IF fields[k] !~ '^[0-9A-Za-z*,/?#LW-]+$' THEN
          PERFORM pgtrickle._emu_invalid(format('invalid cron expression ''%s'': Invalid pattern: invalid characters.', s));
        END IF;
        FOR num IN SELECT m[1] FROM regexp_matches(regexp_replace(fields[k], '/[0-9]+', '', 'g'), '([0-9]+)', 'g') AS m LOOP
          IF num::bigint < lo[k] OR num::bigint > hi[k] THEN
            PERFORM pgtrickle._emu_invalid(format('invalid cron expression ''%s'': Component error: Number out of bounds.', s));
          END IF;
        END LOOP;
      END LOOP;
    END IF;
  ELSIF secs < min_secs THEN
    PERFORM pgtrickle._emu_invalid(format('schedule must be at least %ss, got %ss', min_secs, secs));
  END IF;
  RETURN s;
END $$;

-- Relations a probe view reads (pg_depend of its rewrite rule).
CREATE FUNCTION pgtrickle._emu_view_deps(view_oid oid) RETURNS TABLE(relid oid, relkind "char")
LANGUAGE sql STABLE AS $$
  SELECT DISTINCT c.oid, c.relkind
  FROM pg_depend d
  JOIN pg_rewrite rw ON rw.oid = d.objid
  JOIN pg_class c ON c.oid = d.refobjid
  WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
    AND rw.ev_class = view_oid AND c.oid <> view_oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
$$;

-- Sources of a query (through its probe view), views expanded as the real view inlining does:
-- a view is a VIEW source and the relations inside it are sources too.
CREATE FUNCTION pgtrickle._emu_sources(view_oid oid) RETURNS TABLE(relid oid, source_type text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  seen oid[] := '{}';
  frontier oid[] := ARRAY[view_oid];
  nxt oid[];
  r record;
BEGIN
  WHILE array_length(frontier, 1) > 0 LOOP
    nxt := '{}';
    FOR r IN SELECT d.relid, d.relkind FROM unnest(frontier) f(v), LATERAL pgtrickle._emu_view_deps(f.v) d LOOP
      CONTINUE WHEN r.relid = ANY(seen);
      seen := seen || r.relid;
      relid := r.relid;
      source_type := CASE
        WHEN r.relkind IN ('r', 'p') AND EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_relid = r.relid) THEN 'STREAM_TABLE'
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

-- Creates (or replaces) the probe view pg_temp._pgt_emu_probe_<pid> over a query and returns its OID.
CREATE FUNCTION pgtrickle._emu_probe(query text) RETURNS oid
LANGUAGE plpgsql AS $$
DECLARE
  v_probe text := format('_pgt_emu_probe_%s', pg_backend_pid());
BEGIN
  IF to_regclass(format('pg_temp.%I', v_probe)) IS NOT NULL THEN
    EXECUTE format('DROP VIEW pg_temp.%I', v_probe);
  END IF;
  EXECUTE format('CREATE TEMP VIEW %I AS SELECT * FROM (%s) sub', v_probe, query);
  RETURN format('pg_temp.%I', v_probe)::regclass::oid;
END $$;

CREATE FUNCTION pgtrickle._emu_drop_probe() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF to_regclass(format('pg_temp.%I', format('_pgt_emu_probe_%s', pg_backend_pid()))) IS NOT NULL THEN
    EXECUTE format('DROP VIEW pg_temp.%I', format('_pgt_emu_probe_%s', pg_backend_pid()));
  END IF;
END $$;

-- The top plan node below sorts/results (aggregate/DISTINCT detection) and whether the query has a top-level LIMIT.
CREATE FUNCTION pgtrickle._emu_plan_top(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  plan jsonb;
  node jsonb;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON, COSTS OFF) SELECT * FROM (' || query || ') sub' INTO plan;
  node := plan -> 0 -> 'Plan';
  WHILE node ->> 'Node Type' IN ('Subquery Scan', 'Result', 'Sort', 'Incremental Sort', 'Gather', 'Gather Merge', 'Materialize') AND node ? 'Plans' LOOP
    node := node -> 'Plans' -> 0;
  END LOOP;
  RETURN node ->> 'Node Type';
END $$;

-- Query checks of create/alter (§1a, T7). Returns the resolved mode; raises the observed errors.
-- mode: the requested mode, upper case, INCREMENTAL already mapped; is_auto: the request was AUTO.
CREATE FUNCTION pgtrickle._emu_check_query(query text, mode text, is_auto boolean, st_name text, OUT resolved text, OUT probe oid, OUT is_agg boolean, OUT topk int)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  v_def text;
  v_top text;
BEGIN
  resolved := mode;
  -- PostgreSQL's own errors: a trailing ';' or a trailing '--' comment fails here (42601), as in the real one
  EXECUTE 'SELECT * FROM (' || query || ') sub LIMIT 0';
  probe := pgtrickle._emu_probe(query);
  v_def := pg_get_viewdef(probe, true);
  v_top := pgtrickle._emu_plan_top(query);
  is_agg := v_top IN ('Aggregate', 'Group', 'Unique', 'SetOp', 'HashSetOp');
  -- top-level LIMIT: TopK with ORDER BY, else rejected outside FULL
  IF v_top = 'Limit' THEN
    IF v_def ~* '\mORDER\s+BY\M[^()]*\mLIMIT\s+[0-9]+' THEN
      topk := (regexp_match(v_def, '\mLIMIT\s+([0-9]+)[^()]*\)\s*sub\s*;?\s*$', 'i'))[1]::int;
    ELSIF mode <> 'FULL' THEN
      PERFORM pgtrickle._emu_unsupported('LIMIT is not supported in defining queries without ORDER BY. Use ORDER BY + LIMIT for TopK stream tables, or omit LIMIT to materialize the full result set.');
    END IF;
  END IF;
  -- TABLESAMPLE: AUTO falls back to FULL, DIFFERENTIAL/IMMEDIATE reject it
  IF v_def ~* '\mTABLESAMPLE\M' AND mode <> 'FULL' THEN
    IF is_auto THEN
      RAISE WARNING '[pg_trickle] Falling back to FULL refresh: unsupported construct in defining query.
Construct: unsupported operator for DIFFERENTIAL mode: TABLESAMPLE is not supported in defining queries. Stream tables materialize the complete result set; use a WHERE condition with random() if sampling is needed.
See docs/DVM_OPERATORS.md for the full list of supported operators.';
      resolved := 'FULL';
    ELSE
      PERFORM pgtrickle._emu_unsupported('TABLESAMPLE is not supported in defining queries. Stream tables materialize the complete result set; use a WHERE condition with random() if sampling is needed.');
    END IF;
  END IF;
  -- materialized views / foreign tables
  IF resolved IN ('DIFFERENTIAL', 'IMMEDIATE') THEN
    FOR r IN SELECT s.relid, s.source_type, n.nspname, c.relname FROM pgtrickle._emu_sources(probe) s
             JOIN pg_class c ON c.oid = s.relid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE s.source_type IN ('MATVIEW', 'FOREIGN_TABLE') LIMIT 1 LOOP
      v_def := CASE WHEN r.source_type = 'MATVIEW' THEN
        format('Materialized view ''%s.%s'' cannot be used as a source in DIFFERENTIAL mode. Materialized views are stale snapshots — CDC triggers cannot track REFRESH MATERIALIZED VIEW. Use the underlying query directly, or switch to FULL refresh mode. Alternatively, enable polling-based CDC with: SET pg_trickle.matview_polling = on;', r.nspname, r.relname)
        ELSE format('Foreign table ''%s.%s'' cannot be used as a source in DIFFERENTIAL or IMMEDIATE mode. Row-level triggers cannot be created on foreign tables. Use FULL refresh mode instead, which re-queries the foreign table on each refresh cycle.', r.nspname, r.relname) END;
      IF is_auto AND resolved = 'DIFFERENTIAL' THEN
        RAISE WARNING '%', format('[pg_trickle] Falling back to FULL refresh: query references materialized views or foreign tables (unsupported operator for DIFFERENTIAL mode: %s).
Suggestion: replace materialized view references with regular views or tables, or convert them to stream tables so changes can be tracked incrementally.', v_def);
        resolved := 'FULL';
      ELSE
        PERFORM pgtrickle._emu_unsupported(v_def);
      END IF;
    END LOOP;
  END IF;
  -- volatile functions: rejected outside FULL, also under AUTO (§1a)
  IF resolved IN ('DIFFERENTIAL', 'IMMEDIATE') AND pgtrickle._emu_volatility(probe) = 'volatile' THEN
    PERFORM pgtrickle._emu_unsupported('Defining query contains volatile expressions (e.g., random(), clock_timestamp(), or custom volatile operators). Volatile functions and operators are not supported in DIFFERENTIAL or IMMEDIATE mode because they produce different values on each evaluation, breaking delta computation. Use FULL refresh mode instead, or replace with a deterministic alternative. (Override with: SET pg_trickle.volatile_function_policy = ''warn'' or ''allow'')');
  END IF;
  IF is_auto AND resolved = 'FULL' THEN
    RAISE WARNING '%', format('[pg_trickle] Stream table ''%s'' will use FULL refresh instead of DIFFERENTIAL. Each refresh will recompute the entire result set from scratch, which is slower than incremental maintenance. See the warnings above for the specific reason and how to fix it. Use SELECT * FROM pgtrickle.explain_refresh_mode(''%s'') to check the effective mode after the first refresh.', st_name, st_name);
  END IF;
END $$;

-- Worst volatility of the functions a probe view calls: pg_depend for user functions, and, as built-in functions
-- are pinned (no pg_depend rows), the names called in the deparsed text whose every overload has that volatility.
CREATE FUNCTION pgtrickle._emu_volatility(probe oid) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  worst int;
BEGIN
  SELECT max(CASE v WHEN 'v' THEN 3 WHEN 's' THEN 2 ELSE 1 END) INTO worst FROM (
    SELECT p.provolatile::text AS v FROM pg_depend d JOIN pg_rewrite rw ON rw.oid = d.objid JOIN pg_proc p ON p.oid = d.refobjid
    WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_proc'::regclass AND rw.ev_class = probe
    UNION ALL
    SELECT min(p.provolatile::text) FROM regexp_matches(pg_get_viewdef(probe, true), '([A-Za-z_][A-Za-z0-9_]*)\s*\(', 'g') m
    JOIN pg_proc p ON p.proname = lower(m[1]) AND p.pronamespace = 'pg_catalog'::regnamespace
    GROUP BY lower(m[1]) HAVING count(DISTINCT p.provolatile) = 1
    UNION ALL
    SELECT 'i'
  ) x;
  RETURN CASE worst WHEN 3 THEN 'volatile' WHEN 2 THEN 'stable' ELSE 'immutable' END;
END $$;

-- The output columns of the probe view, as storage column definitions (type modifiers dropped, T7/T18).
CREATE FUNCTION pgtrickle._emu_probe_columns(probe oid) RETURNS TABLE(attname text, typ text, typoid oid)
LANGUAGE sql STABLE AS $$
  SELECT a.attname::text, a.atttypid::regtype::text, a.atttypid FROM pg_attribute a
  WHERE a.attrelid = probe AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
$$;

-- partition_by validation (§1): returns the PARTITION BY clause and the HASH modulus (0 if none).
CREATE FUNCTION pgtrickle._emu_partition_clause(spec text, probe oid, OUT clause text, OUT modulus int, OUT method text)
LANGUAGE plpgsql AS $$
DECLARE
  s text := btrim(spec);
  cols text[];
  c text;
  avail text;
BEGIN
  modulus := 0;
  method := 'RANGE';
  IF upper(s) LIKE 'LIST:%' THEN method := 'LIST'; s := substr(s, 6);
  ELSIF upper(s) LIKE 'HASH:%' THEN
    method := 'HASH';
    s := substr(s, 6);
    IF s ~ ':[0-9]+$' THEN modulus := substring(s FROM ':([0-9]+)$')::int; s := regexp_replace(s, ':[0-9]+$', ''); END IF;
    IF modulus < 2 THEN modulus := 4; END IF;
  END IF;
  SELECT array_agg(btrim(x)) INTO cols FROM unnest(string_to_array(s, ',')) x WHERE btrim(x) <> '';
  IF cols IS NULL THEN
    PERFORM pgtrickle._emu_invalid('partition_by must contain at least one non-empty column name');
  END IF;
  SELECT string_agg(p.attname, ', ') INTO avail FROM pgtrickle._emu_probe_columns(probe) p;
  FOREACH c IN ARRAY cols LOOP
    IF NOT EXISTS (SELECT 1 FROM pgtrickle._emu_probe_columns(probe) p WHERE lower(p.attname) = lower(c)) THEN
      PERFORM pgtrickle._emu_invalid(format('partition_by column ''%s'' is not in the stream table''s SELECT output. Available columns: %s', c, avail));
    END IF;
  END LOOP;
  clause := format(' PARTITION BY %s (%s)', method, (SELECT string_agg(quote_ident(x), ', ') FROM unnest(cols) x));
END $$;

-- Creates the storage table (T18): __pgt_row_id first, the query's columns, __pgt_count, temporal columns,
-- partitions, the row-id index, the DML guard function and its two triggers. Returns the new OID.
CREATE FUNCTION pgtrickle._emu_create_storage(schema_name text, table_name text, probe oid, is_agg boolean, temporal boolean, partition_by text)
RETURNS oid LANGUAGE plpgsql AS $$
DECLARE
  v_cols text;
  v_ncols int;
  v_incl text;
  p record;
  v_relid oid;
  v_guard text := format('%I._pgt_guard_%s', schema_name, replace(table_name, '"', ''));
  v_clause text;
  v_method text;
  v_mod int;
BEGIN
  SELECT string_agg(format('%I %s', c.attname, c.typ), ', '), count(*), string_agg(quote_ident(c.attname), ', ')
    INTO v_cols, v_ncols, v_incl FROM pgtrickle._emu_probe_columns(probe) c;
  IF partition_by IS NOT NULL AND partition_by <> '' THEN
    p := pgtrickle._emu_partition_clause(partition_by, probe);
    v_clause := p.clause; v_method := p.method; v_mod := p.modulus;
  END IF;
  EXECUTE format('CREATE TABLE %I.%I (__pgt_row_id bigint, %s%s%s)%s', schema_name, table_name, v_cols,
    CASE WHEN is_agg THEN ', __pgt_count bigint NOT NULL DEFAULT 0' ELSE '' END,
    CASE WHEN temporal THEN ', __pgt_valid_from timestamptz NOT NULL DEFAULT now(), __pgt_valid_to timestamptz' ELSE '' END,
    coalesce(v_clause, ''));
  IF v_clause IS NOT NULL THEN
    IF v_method = 'HASH' THEN
      FOR i IN 0 .. v_mod - 1 LOOP
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES WITH (MODULUS %s, REMAINDER %s)',
          schema_name, table_name || '_p' || i, schema_name, table_name, v_mod, i);
      END LOOP;
    ELSE
      EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I DEFAULT', schema_name, table_name || '_default', schema_name, table_name);
    END IF;
  END IF;
  -- the OID by the unquoted name, which folds case: mixed-case, quoted and dotted names fail here (T8)
  v_relid := (schema_name || '.' || table_name)::regclass;
  EXECUTE format('CREATE %sINDEX ON %I.%I (__pgt_row_id)%s', CASE WHEN v_clause IS NULL THEN 'UNIQUE ' ELSE '' END, schema_name, table_name,
    CASE WHEN v_ncols <= 8 THEN format(' INCLUDE (%s)', v_incl) ELSE '' END);
  EXECUTE format($f$CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $g$
BEGIN
  IF current_setting('pg_trickle.internal_refresh', true) IS DISTINCT FROM 'true' THEN
    RAISE EXCEPTION 'Direct DML on stream table %% is not allowed. Stream tables are maintained automatically by pg_trickle.', TG_TABLE_NAME;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; ELSE RETURN NEW; END IF;
END $g$ $f$, v_guard);
  EXECUTE format('CREATE TRIGGER pgt_dml_guard BEFORE INSERT OR UPDATE OR DELETE ON %I.%I FOR EACH ROW EXECUTE FUNCTION %s()', schema_name, table_name, v_guard);
  EXECUTE format('CREATE TRIGGER pgt_truncate_guard BEFORE TRUNCATE ON %I.%I FOR EACH STATEMENT EXECUTE FUNCTION %s()', schema_name, table_name, v_guard);
  RETURN v_relid;
END $$;

-- Recreates the storage table of a stream table (type-changing query, partition_by change): new OID. The catalog
-- row and the dependency rows of its dependents are detached first, so the drop event trigger leaves them alone,
-- then pointed at the new table.
CREATE FUNCTION pgtrickle._emu_rebuild_storage(id bigint, probe oid, is_agg boolean, partition_key text) RETURNS oid
LANGUAGE plpgsql AS $$
DECLARE
  st pgtrickle.pgt_stream_tables;
  v_new oid;
BEGIN
  SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = id;
  UPDATE pgtrickle.pgt_stream_tables SET pgt_relid = 0 WHERE pgt_id = id;
  UPDATE pgtrickle.pgt_dependencies SET source_relid = 0 WHERE source_relid = st.pgt_relid AND source_type = 'STREAM_TABLE';
  EXECUTE format('DROP TABLE %I.%I CASCADE', st.pgt_schema, st.pgt_name);
  v_new := pgtrickle._emu_create_storage(st.pgt_schema, st.pgt_name, probe, is_agg, st.temporal_mode, partition_key);
  UPDATE pgtrickle.pgt_stream_tables SET pgt_relid = v_new WHERE pgt_id = id;
  UPDATE pgtrickle.pgt_dependencies SET source_relid = v_new WHERE source_relid = 0 AND source_type = 'STREAM_TABLE';
  RETURN v_new;
END $$;

-- The change buffer name of a source: a 16-hex hash of 'schema.table' (the real one uses xxh64; the emulator md5).
CREATE FUNCTION pgtrickle._emu_stable_name(src oid) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT left(md5(n.nspname || '.' || c.relname), 16) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = src
$$;

CREATE FUNCTION pgtrickle._emu_buffer(src oid) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT 'changes_' || source_stable_name FROM pgtrickle.pgt_change_tracking WHERE source_relid = src
$$;

-- Trigger-based change capture for a TABLE source: a buffer table, a row trigger and a TRUNCATE trigger.
CREATE FUNCTION pgtrickle._emu_cdc_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('INSERT INTO pgtrickle_changes.%I (lsn, action) VALUES (pg_current_wal_insert_lsn(), $1)', TG_ARGV[0])
    USING CASE WHEN TG_OP = 'TRUNCATE' THEN 'T' ELSE left(TG_OP, 1) END;
  RETURN NULL;
END $$;

CREATE FUNCTION pgtrickle._emu_track_source(src oid, id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  h text;
BEGIN
  h := coalesce((SELECT source_stable_name FROM pgtrickle.pgt_change_tracking WHERE source_relid = src), pgtrickle._emu_stable_name(src));
  -- a buffer named by the source's name outlives its source and its consumers (T12, §9): a rebuilt source reuses it
  IF NOT EXISTS (SELECT 1 FROM pgtrickle.pgt_change_tracking WHERE source_relid = src) OR to_regclass(format('pgtrickle_changes.%I', 'changes_' || h)) IS NULL THEN
    EXECUTE format('CREATE TABLE IF NOT EXISTS pgtrickle_changes.%I (change_id bigserial PRIMARY KEY, lsn pg_lsn NOT NULL, action char(1) NOT NULL, pk_hash bigint)', 'changes_' || h);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = src AND tgname = 'pg_trickle_cdc_' || src) THEN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION pgtrickle._emu_cdc_capture(%L)',
      'pg_trickle_cdc_' || src, src::regclass, 'changes_' || h);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = src AND tgname = 'pg_trickle_cdc_truncate_' || src) THEN
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle._emu_cdc_capture(%L)',
      'pg_trickle_cdc_truncate_' || src, src::regclass, 'changes_' || h);
  END IF;
  IF EXISTS (SELECT 1 FROM pgtrickle.pgt_change_tracking WHERE source_relid = src) THEN
    UPDATE pgtrickle.pgt_change_tracking SET tracked_by_pgt_ids = array_append(tracked_by_pgt_ids, id)
    WHERE source_relid = src AND NOT (id = ANY(coalesce(tracked_by_pgt_ids, '{}')));
  ELSE
    INSERT INTO pgtrickle.pgt_change_tracking (source_relid, slot_name, source_stable_name, tracked_by_pgt_ids)
    VALUES (src, 'pg_trickle_cdc_' || src, h, ARRAY[id]);
  END IF;
END $$;

-- Removes capture triggers of sources no stream table reads any more; the buffer table and, for a live source,
-- the tracking row stay, as observed (T12, §9). The tracking row of a dropped source goes with its last reader (T22).
CREATE FUNCTION pgtrickle._emu_untrack_unused(srcs oid[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  src oid;
BEGIN
  FOREACH src IN ARRAY coalesce(srcs, '{}') LOOP
    CONTINUE WHEN EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies WHERE source_relid = src AND source_type = 'TABLE');
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE oid = src) THEN
      DELETE FROM pgtrickle.pgt_change_tracking WHERE source_relid = src;
    ELSE
      EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pg_trickle_cdc_' || src, src::regclass);
      EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pg_trickle_cdc_truncate_' || src, src::regclass);
    END IF;
  END LOOP;
END $$;

-- T15: a query that reads a view is stored rewritten (the view inlined): original_query holds the query as given,
-- defining_query the rewrite. The emulator stores the probe view's definition as the rewrite (different text, same
-- meaning); COALESCE(original_query, defining_query) is the query as given either way.
CREATE FUNCTION pgtrickle._emu_note_rewrite(id bigint, query text, probe oid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class c ON c.oid = d.refobjid
             WHERE d.classid = 'pg_rewrite'::regclass AND r.ev_class = probe AND d.refobjid <> probe AND c.relkind = 'v') THEN
    UPDATE pgtrickle.pgt_stream_tables SET original_query = query, defining_query = rtrim(btrim(pg_get_viewdef(probe)), ';') WHERE pgt_id = id;
  END IF;
END $$;

-- Dependency rows and change capture for a stream table (§4: source_type, cdc_mode TRIGGER).
CREATE FUNCTION pgtrickle._emu_register_sources(id bigint, probe oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  s record;
BEGIN
  FOR s IN SELECT * FROM pgtrickle._emu_sources(probe) LOOP
    INSERT INTO pgtrickle.pgt_dependencies (pgt_id, source_relid, source_type, column_snapshot, schema_fingerprint, source_stable_name)
    SELECT id, s.relid, s.source_type, snap, encode(sha256(convert_to(coalesce(snap::text, ''), 'UTF8')), 'hex'), pgtrickle._emu_stable_name(s.relid)
    FROM (SELECT (SELECT jsonb_agg(jsonb_build_object('name', attname, 'type_oid', atttypid, 'ordinal', attnum) ORDER BY attnum)
                  FROM pg_attribute WHERE attrelid = s.relid AND attnum > 0 AND NOT attisdropped) AS snap) x
    ON CONFLICT DO NOTHING;
    IF s.source_type = 'TABLE' THEN
      PERFORM pgtrickle._emu_track_source(s.relid, id);
    END IF;
  END LOOP;
  UPDATE pgtrickle.pgt_stream_tables st SET has_keyless_source = EXISTS (
    SELECT 1 FROM pgtrickle.pgt_dependencies d WHERE d.pgt_id = id AND d.source_type = 'TABLE'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = d.source_relid AND c.contype = 'p'))
  WHERE st.pgt_id = id;
END $$;

-- The frontier: per TABLE source the newest captured change id, per STREAM_TABLE source its data_timestamp.
CREATE FUNCTION pgtrickle._emu_frontier(id bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  result jsonb := '{}';
  r record;
  last_id bigint;
  buf text;
BEGIN
  FOR r IN SELECT d.source_relid, d.source_type, st.data_timestamp AS up_ts FROM pgtrickle.pgt_dependencies d
           LEFT JOIN pgtrickle.pgt_stream_tables st ON st.pgt_relid = d.source_relid
           WHERE d.pgt_id = id AND d.source_type IN ('TABLE', 'STREAM_TABLE') LOOP
    IF r.source_type = 'TABLE' THEN
      last_id := 0;
      buf := pgtrickle._emu_buffer(r.source_relid);
      IF buf IS NOT NULL AND to_regclass(format('pgtrickle_changes.%I', buf)) IS NOT NULL THEN
        EXECUTE format('SELECT coalesce(max(change_id), 0) FROM pgtrickle_changes.%I', buf) INTO last_id;
      END IF;
      result := result || jsonb_build_object(r.source_relid::text, jsonb_build_object('lsn', pg_current_wal_insert_lsn()::text, 'change_id', last_id));
    ELSE
      result := result || jsonb_build_object(r.source_relid::text, jsonb_build_object('data_timestamp', r.up_ts));
    END IF;
  END LOOP;
  RETURN jsonb_build_object('sources', result, 'data_timestamp', now());
END $$;

-- Captured changes newer than the stream table's frontier (over its TABLE sources).
CREATE FUNCTION pgtrickle._emu_pending(st pgtrickle.pgt_stream_tables) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  buf text;
  n bigint;
  total bigint := 0;
BEGIN
  FOR r IN SELECT source_relid FROM pgtrickle.pgt_dependencies WHERE pgt_id = st.pgt_id AND source_type = 'TABLE' LOOP
    buf := pgtrickle._emu_buffer(r.source_relid);
    CONTINUE WHEN buf IS NULL OR to_regclass(format('pgtrickle_changes.%I', buf)) IS NULL;
    EXECUTE format('SELECT count(*) FROM pgtrickle_changes.%I WHERE change_id > $1', buf) INTO n
      USING coalesce((st.frontier -> 'sources' -> r.source_relid::text ->> 'change_id')::bigint, 0);
    total := total + n;
  END LOOP;
  RETURN total;
END $$;

-- Does a scheduled refresh have anything to do? Pending captured changes, an upstream stream table whose data
-- changed since, or a source the emulator cannot track (materialized view, foreign table).
CREATE FUNCTION pgtrickle._emu_has_changes(st pgtrickle.pgt_stream_tables) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF pgtrickle._emu_pending(st) > 0 THEN RETURN true; END IF;
  RETURN EXISTS (
    SELECT 1 FROM pgtrickle.pgt_dependencies d LEFT JOIN pgtrickle.pgt_stream_tables up ON up.pgt_relid = d.source_relid
    WHERE d.pgt_id = st.pgt_id AND (d.source_type IN ('MATVIEW', 'FOREIGN_TABLE')
      OR (d.source_type = 'STREAM_TABLE' AND up.data_timestamp IS DISTINCT FROM (st.frontier -> 'sources' -> d.source_relid::text ->> 'data_timestamp')::timestamptz)));
END $$;

-- Brings the storage table to the query's result by applying the difference (multiset) between the stored rows
-- and the recomputed result: the emulator's stand-in for both FULL and differential maintenance. Returns the
-- number of inserted and deleted rows. Temporal tables close rows (__pgt_valid_to) instead of deleting them.
CREATE FUNCTION pgtrickle._emu_apply(st pgtrickle.pgt_stream_tables, OUT ins bigint, OUT del bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_tmp text := format('_pgt_emu_new_%s', st.pgt_id);
  cols text;
  ocols text;
  rowkey text;
  live text := CASE WHEN st.temporal_mode THEN ' WHERE __pgt_valid_to IS NULL' ELSE '' END;
  v_prev text := current_setting('pg_trickle.internal_refresh', true);
  base bigint;
BEGIN
  ins := 0; del := 0;
  IF to_regclass(format('pg_temp.%I', v_tmp)) IS NOT NULL THEN
    EXECUTE format('DROP TABLE pg_temp.%I', v_tmp);
  END IF;
  EXECUTE format('CREATE TEMP TABLE %I AS SELECT * FROM (%s) sub', v_tmp, st.defining_query);
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum), string_agg('o.' || quote_ident(attname), ', ' ORDER BY attnum),
         format('md5(ROW(%s)::text)', string_agg(quote_ident(attname), ', ' ORDER BY attnum))
    INTO cols, ocols, rowkey
  FROM pg_attribute WHERE attrelid = format('pg_temp.%I', v_tmp)::regclass AND attnum > 0 AND NOT attisdropped;
  PERFORM set_config('pg_trickle.internal_refresh', 'true', true);
  BEGIN
    -- rows stored but no longer in the result (per value, the surplus copies)
    -- rows are compared by the md5 of their text form and their copy number (hash joins: fast on large tables)
    EXECUTE format($q$%s (
        SELECT o.__pgt_row_id FROM (SELECT __pgt_row_id, %s AS __emu_k, row_number() OVER (PARTITION BY %s ORDER BY __pgt_row_id) AS __emu_rn FROM %I.%I%s) o
        WHERE NOT EXISTS (SELECT 1 FROM (SELECT %s AS __emu_k, row_number() OVER (PARTITION BY %s) AS __emu_rn FROM pg_temp.%I) n
                          WHERE n.__emu_k = o.__emu_k AND n.__emu_rn = o.__emu_rn)
      ) gone WHERE t.__pgt_row_id = gone.__pgt_row_id%s$q$,
      CASE WHEN st.temporal_mode THEN format('UPDATE %I.%I t SET __pgt_valid_to = now() FROM', st.pgt_schema, st.pgt_name)
           ELSE format('DELETE FROM %I.%I t USING', st.pgt_schema, st.pgt_name) END,
      rowkey, rowkey, st.pgt_schema, st.pgt_name, live, rowkey, rowkey, v_tmp,
      CASE WHEN st.temporal_mode THEN ' AND t.__pgt_valid_to IS NULL' ELSE '' END);
    GET DIAGNOSTICS del = ROW_COUNT;
  EXCEPTION WHEN undefined_function OR feature_not_supported OR datatype_mismatch THEN
    -- a column type without equality/ordering: replace everything
    IF st.temporal_mode THEN
      EXECUTE format('UPDATE %I.%I SET __pgt_valid_to = now() WHERE __pgt_valid_to IS NULL', st.pgt_schema, st.pgt_name);
    ELSE
      EXECUTE format('DELETE FROM %I.%I', st.pgt_schema, st.pgt_name);
    END IF;
    GET DIAGNOSTICS del = ROW_COUNT;
    EXECUTE format('INSERT INTO %I.%I (__pgt_row_id, %s) SELECT row_number() OVER ()::bigint + coalesce((SELECT max(__pgt_row_id) FROM %I.%I), 0), %s FROM pg_temp.%I',
      st.pgt_schema, st.pgt_name, cols, st.pgt_schema, st.pgt_name, cols, v_tmp);
    GET DIAGNOSTICS ins = ROW_COUNT;
    PERFORM set_config('pg_trickle.internal_refresh', coalesce(v_prev, ''), true);
    EXECUTE format('DROP TABLE pg_temp.%I', v_tmp);
    RETURN;
  END;
  EXECUTE format('SELECT coalesce(max(__pgt_row_id), 0) FROM %I.%I', st.pgt_schema, st.pgt_name) INTO base;
  EXECUTE format($q$INSERT INTO %I.%I (__pgt_row_id, %s)
      SELECT %s + row_number() OVER (), %s FROM (SELECT %s, %s AS __emu_k, row_number() OVER (PARTITION BY %s) AS __emu_rn FROM pg_temp.%I) o
      WHERE NOT EXISTS (SELECT 1 FROM (SELECT %s AS __emu_k, row_number() OVER (PARTITION BY %s) AS __emu_rn FROM %I.%I%s) n
                        WHERE n.__emu_k = o.__emu_k AND n.__emu_rn = o.__emu_rn)$q$,
    st.pgt_schema, st.pgt_name, cols, base, ocols, cols, rowkey, rowkey, v_tmp, rowkey, rowkey, st.pgt_schema, st.pgt_name, live);
  GET DIAGNOSTICS ins = ROW_COUNT;
  PERFORM set_config('pg_trickle.internal_refresh', coalesce(v_prev, ''), true);
  EXECUTE format('DROP TABLE pg_temp.%I', v_tmp);
END $$;

-- What the real differential refresh (one with changes to apply) fails on, read from the query's text (T7, T24):
-- a string constant holding an apostrophe (it writes the constant into the delta query quoted wrongly: a syntax
-- error), and UNION / INTERSECT / EXCEPT whose branches select other than plain columns under their own names, or
-- read a subquery (the real one fails with "column ... does not exist" or, for some, keeps wrong rows; the emulator
-- always fails).
CREATE FUNCTION pgtrickle._emu_differential_check(q text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  branch text;
  list text;
  item text;
  m text[];
BEGIN
  IF q ~ $re$[^'\s(,=]''|''[^'\s),;]$re$ OR q ~ $re$[eE]'([^'\\]|\\.)*\\'$re$ OR q ~ $re$[$]([A-Za-z_]*)[$][^$]*'[^$]*[$]\1[$]$re$ THEN
    RAISE EXCEPTION USING ERRCODE = '42601', MESSAGE = 'syntax error at or near "'' AS "', DETAIL = 'emulated (T24): a string constant with an apostrophe';
  END IF;
  IF q !~* '\m(union|intersect|except)\M' THEN
    RETURN;
  END IF;
  FOR branch IN SELECT regexp_split_to_table(q, '\m(union|intersect|except)(\s+(all|distinct))?\M', 'i') LOOP
    IF branch ~* '\(\s*(select|with)\M' THEN
      RAISE EXCEPTION USING ERRCODE = '42703', MESSAGE = 'column "__pgt_branch" does not exist', DETAIL = 'emulated (T24): a UNION branch reading a subquery';
    END IF;
    list := substring(branch FROM '(?i)select\s+(?:distinct\s+|all\s+)?(.*?)\s+from\s');
    CONTINUE WHEN list IS NULL;
    FOREACH item IN ARRAY regexp_split_to_array(list, ',') LOOP
      m := regexp_match(lower(item), '^\s*(?:[a-z_][a-z0-9_$]*\.)?([a-z_][a-z0-9_$]*)(?:\s+as\s+([a-z_][a-z0-9_$]*))?\s*$');
      IF m IS NULL OR (m[2] IS NOT NULL AND m[2] <> m[1]) THEN
        RAISE EXCEPTION USING ERRCODE = '42703', MESSAGE = format('column "%s" does not exist', coalesce(m[2], m[1], btrim(item))),
          DETAIL = 'emulated (T24): a UNION branch selecting other than a plain column under its own name';
      END IF;
    END LOOP;
  END LOOP;
END $$;

-- One refresh. kind: 'SCHEDULER', 'MANUAL' or 'INITIAL'. Returns the action and the row counts; writes the
-- history row and the catalog update (T15: data_timestamp only when data changed, last_refresh_at always).
CREATE FUNCTION pgtrickle._emu_refresh(st pgtrickle.pgt_stream_tables, kind text, OUT action text, OUT ins bigint, OUT del bigint, OUT moved boolean)
LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz := clock_timestamp();
  res record;
  changed boolean;
BEGIN
  ins := 0; del := 0;
  IF kind = 'SCHEDULER' AND st.is_populated AND NOT st.needs_reinit AND NOT pgtrickle._emu_has_changes(st) THEN
    action := 'NO_DATA';
  ELSIF kind = 'SCHEDULER' AND NOT st.is_populated THEN
    -- T10: an INITIALIZING table set ACTIVE by alter is marked populated without being filled
    action := CASE WHEN pgtrickle._emu_has_changes(st) THEN CASE WHEN st.refresh_mode = 'FULL' THEN 'FULL' ELSE 'DIFFERENTIAL' END ELSE 'NO_DATA' END;
  ELSIF st.needs_reinit THEN
    action := 'REINITIALIZE';
  ELSIF kind = 'INITIAL' OR st.refresh_mode IN ('FULL', 'IMMEDIATE') OR NOT st.is_populated
        OR NOT EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d WHERE d.pgt_id = st.pgt_id AND d.source_type = 'TABLE') THEN
    action := 'FULL';
  ELSE
    action := 'DIFFERENTIAL';
  END IF;
  IF action = 'DIFFERENTIAL' AND pgtrickle._emu_has_changes(st) THEN
    PERFORM pgtrickle._emu_differential_check(coalesce(st.original_query, st.defining_query));
  END IF;
  IF action <> 'NO_DATA' THEN
    res := pgtrickle._emu_apply(st);
    ins := res.ins; del := res.del;
  END IF;
  changed := ins + del > 0;
  IF kind = 'MANUAL' AND action = 'FULL' THEN
    -- T20: a manual FULL refresh moves data_timestamp whatever it found, unless the table reads stream tables only,
    -- was refreshed since its create, and none of them has a newer data_timestamp ('FULL, no-op')
    changed := NOT st.is_populated
      OR EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d WHERE d.pgt_id = st.pgt_id AND d.source_type <> 'STREAM_TABLE')
      OR NOT EXISTS (SELECT 1 FROM pgtrickle.pgt_refresh_history h WHERE h.pgt_id = st.pgt_id AND h.initiated_by <> 'INITIAL')
      OR EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d JOIN pgtrickle.pgt_stream_tables up ON up.pgt_relid = d.source_relid
                 WHERE d.pgt_id = st.pgt_id AND d.source_type = 'STREAM_TABLE' AND up.data_timestamp > coalesce(st.data_timestamp, '-infinity'));
  END IF;
  moved := changed OR st.data_timestamp IS NULL OR kind = 'INITIAL';
  UPDATE pgtrickle.pgt_stream_tables SET
    frontier = pgtrickle._emu_frontier(pgt_id),
    data_timestamp = CASE WHEN moved OR data_timestamp IS NULL THEN now() ELSE data_timestamp END,
    last_refresh_at = now(), is_populated = true, needs_reinit = false, consecutive_errors = 0,
    effective_refresh_mode = CASE WHEN kind = 'INITIAL' THEN refresh_mode ELSE action END,
    last_full_ms = CASE WHEN action = 'FULL' THEN extract(epoch FROM clock_timestamp() - t0) * 1000 ELSE last_full_ms END,
    rows_changed_since_last_reindex = rows_changed_since_last_reindex + ins + del
  WHERE pgt_id = st.pgt_id;
  INSERT INTO pgtrickle.pgt_refresh_history (pgt_id, data_timestamp, start_time, end_time, action, rows_inserted, rows_deleted,
    delta_row_count, status, initiated_by, freshness_deadline)
  VALUES (st.pgt_id, now(), t0, clock_timestamp(), action, ins, 0, ins + del, 'COMPLETED', kind,
    CASE WHEN pgtrickle._emu_duration(st.schedule, false) IS NOT NULL THEN now() + make_interval(secs => pgtrickle._emu_duration(st.schedule, false)) END);
END $$;

-- IMMEDIATE mode (T16): statement triggers on every TABLE source keep the table current in the writer's transaction.
CREATE FUNCTION pgtrickle._emu_ivm_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  st pgtrickle.pgt_stream_tables;
BEGIN
  SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = TG_ARGV[0]::bigint AND refresh_mode = 'IMMEDIATE';
  IF FOUND THEN
    PERFORM pgtrickle._emu_apply(st);
    UPDATE pgtrickle.pgt_stream_tables SET data_timestamp = now(), last_refresh_at = now(), frontier = pgtrickle._emu_frontier(pgt_id),
      effective_refresh_mode = 'IMMEDIATE' WHERE pgt_id = st.pgt_id;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION pgtrickle._emu_ivm_install(id bigint, install boolean) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT t.tgname, t.tgrelid FROM pg_trigger t WHERE t.tgname = format('pgt_ivm_%s', id) LOOP
    EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, r.tgrelid::regclass);
  END LOOP;
  IF install THEN
    FOR r IN SELECT source_relid FROM pgtrickle.pgt_dependencies WHERE pgt_id = id AND source_type IN ('TABLE', 'STREAM_TABLE')
             AND EXISTS (SELECT 1 FROM pg_class WHERE oid = source_relid) LOOP
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle._emu_ivm_trigger(%L)',
        format('pgt_ivm_%s', id), r.source_relid::regclass, id);
    END LOOP;
  END IF;
END $$;

-- Stream tables downstream of a set (through STREAM_TABLE dependencies), the set included.
CREATE FUNCTION pgtrickle._emu_with_downstream(ids bigint[]) RETURNS bigint[]
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE down(id) AS (
    SELECT unnest(ids)
    UNION
    SELECT d.pgt_id FROM pgtrickle.pgt_dependencies d
    JOIN pgtrickle.pgt_stream_tables up ON up.pgt_relid = d.source_relid
    JOIN down ON down.id = up.pgt_id
    WHERE d.source_type = 'STREAM_TABLE'
  )
  SELECT coalesce(array_agg(id), '{}') FROM down
$$;

-- Depth of each stream table in the stream-table graph (0 = reads no stream table).
CREATE FUNCTION pgtrickle._emu_depths() RETURNS TABLE(pgt_id bigint, depth int)
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE d(pgt_id, depth) AS (
    SELECT s.pgt_id, 0 FROM pgtrickle.pgt_stream_tables s
    UNION ALL
    SELECT dep.pgt_id, d.depth + 1 FROM d
    JOIN pgtrickle.pgt_stream_tables up ON up.pgt_id = d.pgt_id
    JOIN pgtrickle.pgt_dependencies dep ON dep.source_relid = up.pgt_relid AND dep.source_type = 'STREAM_TABLE'
    WHERE d.depth < 50
  )
  SELECT pgt_id, max(depth) FROM d GROUP BY pgt_id
$$;

-- The fuse (§1b): blown when fuse_mode is on/auto and the pending change count exceeds the ceiling.
CREATE FUNCTION pgtrickle._emu_fuse_check(st pgtrickle.pgt_stream_tables) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  IF st.fuse_mode = 'off' OR st.fuse_state <> 'armed' OR st.fuse_ceiling IS NULL THEN RETURN false; END IF;
  n := pgtrickle._emu_pending(st);
  IF n > st.fuse_ceiling THEN
    UPDATE pgtrickle.pgt_stream_tables SET fuse_state = 'blown', blown_at = now(), status = 'SUSPENDED',
      blow_reason = format('change buffer count (%s) exceeded ceiling (%s)', n, st.fuse_ceiling), updated_at = now()
    WHERE pgt_id = st.pgt_id;
    RETURN true;
  END IF;
  RETURN false;
END $$;

-- The emulator's scheduler: one tick of the real background worker (§3 as observed). The harness calls it about
-- every second from a connection named 'pg_trickle scheduler' in the database of the stream tables.
-- ACTIVE tables only (INITIALIZING never, T10), IMMEDIATE and frozen-tier tables skipped. Due: a duration elapsed
-- since last_refresh_at; any cron schedule on every tick (T2); calculated: every tick without dependents, else when
-- a dependent is due. Upstream before downstream in the same tick. Each refresh writes a SCHEDULER history row
-- (NO_DATA when nothing changed). A failing refresh (T6 a) sets that table ERROR with last_error_message and
-- consecutive_errors 0, writes no history row, and the other tables go on; an undefined-table error (T6 b) is
-- retried and leaves the table ACTIVE.
CREATE FUNCTION pgtrickle._emulator_tick(at timestamptz DEFAULT now())
RETURNS TABLE(pgt_schema text, pgt_name text, action text, status text)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  st pgtrickle.pgt_stream_tables;
  secs bigint;
  due bigint[] := '{}';
  res record;
  v_state text;
  v_msg text;
BEGIN
  -- own schedules, deepest first so that calculated upstreams can follow their dependents
  FOR r IN SELECT s.*, d.depth FROM pgtrickle.pgt_stream_tables s JOIN pgtrickle._emu_depths() d ON d.pgt_id = s.pgt_id
           WHERE s.status = 'ACTIVE' AND s.refresh_mode <> 'IMMEDIATE' AND s.refresh_tier <> 'frozen'
           ORDER BY d.depth DESC, s.pgt_id LOOP
    secs := pgtrickle._emu_duration(r.schedule, false);
    IF r.schedule IS NOT NULL AND secs IS NULL THEN
      due := due || r.pgt_id; -- cron: every tick
    ELSIF secs IS NOT NULL THEN
      IF r.refresh_tier = 'cold' THEN secs := secs * 10; END IF;
      IF r.last_refresh_at IS NULL OR extract(epoch FROM at - r.last_refresh_at) >= secs THEN
        due := due || r.pgt_id;
      END IF;
    ELSE
      -- calculated: due when it has no dependents or when one of its dependents is due
      IF NOT EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d WHERE d.source_relid = r.pgt_relid AND d.source_type = 'STREAM_TABLE')
         OR EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d WHERE d.source_relid = r.pgt_relid AND d.source_type = 'STREAM_TABLE' AND d.pgt_id = ANY(due)) THEN
        due := due || r.pgt_id;
      END IF;
    END IF;
  END LOOP;
  FOR r IN SELECT s.pgt_id FROM pgtrickle.pgt_stream_tables s JOIN pgtrickle._emu_depths() d ON d.pgt_id = s.pgt_id
           WHERE s.pgt_id = ANY(due) ORDER BY d.depth, s.pgt_id LOOP
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_id = r.pgt_id AND s.status = 'ACTIVE';
    CONTINUE WHEN NOT FOUND;
    CONTINUE WHEN NOT pg_try_advisory_xact_lock(st.pgt_id);
    pgt_schema := st.pgt_schema; pgt_name := st.pgt_name;
    IF pgtrickle._emu_fuse_check(st) THEN
      action := 'SKIP'; status := 'SUSPENDED';
      RETURN NEXT;
      CONTINUE;
    END IF;
    BEGIN
      res := pgtrickle._emu_refresh(st, 'SCHEDULER');
      action := res.action; status := 'COMPLETED';
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT;
      IF v_state = '42P01' THEN
        action := 'RETRY'; status := 'ACTIVE';
      ELSE
        UPDATE pgtrickle.pgt_stream_tables s SET status = 'ERROR', last_error_at = now(), updated_at = now(),
          last_error_message = format('ErrorReportWithLevel { level: ERROR, inner: ErrorReport { sqlerrcode: %s, message: %s, hint: None, detail: None, location: ErrorReportLocation { file: "emulator", funcname: None, line: 0, col: 0, backtrace: None } } }',
            v_state, to_json(v_msg)::text)
        WHERE s.pgt_id = st.pgt_id;
        action := 'FAILED'; status := 'ERROR';
      END IF;
    END;
    RETURN NEXT;
  END LOOP;
END $$;

-- Event trigger functions (the real extension's are internal; the spec lists none).
-- T12: a dropped storage table loses its catalog rows; T9: a dropped TABLE/VIEW source puts its stream tables
-- in ERROR (the dependency row keeps the dead OID, needs_reinit stays false).
CREATE FUNCTION pgtrickle._emu_on_sql_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  obj record;
  ids bigint[];
BEGIN
  FOR obj IN SELECT * FROM pg_event_trigger_dropped_objects() WHERE object_type IN ('table', 'view', 'materialized view', 'foreign table') AND NOT is_temporary LOOP
    DELETE FROM pgtrickle.pgt_stream_tables WHERE pgt_relid = obj.objid;
    SELECT array_agg(DISTINCT pgt_id) INTO ids FROM pgtrickle.pgt_dependencies WHERE source_relid = obj.objid;
    IF ids IS NOT NULL THEN
      UPDATE pgtrickle.pgt_stream_tables SET status = 'ERROR', updated_at = now() WHERE pgt_id = ANY(ids);
    END IF;
  END LOOP;
END $$;

-- ALTER TABLE / rename on a source is benign (T9): nothing to do.
CREATE FUNCTION pgtrickle._emu_on_ddl_end() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  NULL;
END $$;
