/**
 * The emulator checked against the spec and against what the real extension was observed to do (pg_stream 0.1.1:
 * docs/pgstream-*.md; pg_trickle 0.48.0: docs/pgtrickle-observed.md). Every case runs on both backends: on the real
 * extension it shows that the expectation (and so the emulator) is right. The spec-shape checks run for the selected
 * target; the behaviour checks are written per target.
 */
import { describe, expect, inject, it } from 'vitest';
import { sql, waitForSchedulerTick, waitUntil } from '../../harness/pg.ts';
import { withClient } from '../../harness/server.ts';
import { selectedTarget, skippedOnTarget } from '../../harness/target.ts';
import type { FunctionReturn, SqlFunction, SqlType } from '../../spec/types.ts';

const pg = inject('pg');
const spec = selectedTarget();
const api = spec.extension.apiSchema;
const backend = inject('backend');
const EMULATOR_ONLY = backend.kind !== 'emulator';

async function errorOf(text: string): Promise<{ code: string; message: string }> {
  return await withClient(pg, async (c) => {
    try {
      await c.query(text);
    } catch (e) {
      const err = e as { code: string; message: string };
      return { code: err.code, message: err.message };
    }
    throw new Error(`expected an error from: ${text}`);
  });
}

/** A spec type as format_type / pg_get_function_* print it. */
const pgTypeName = (t: SqlType | 'void'): string => (t === 'timestamptz' ? 'timestamp with time zone' : t);

/** An argument default as pg_get_function_arguments prints it. */
function renderDefault(type: SqlType, value: string | boolean | number | null): string {
  if (value === null) return `NULL::${pgTypeName(type)}`;
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'::${pgTypeName(type)}`;
  return String(value);
}

/** A return type as pg_get_function_result prints it. */
function renderReturn(r: FunctionReturn): string {
  if (r.kind === 'event_trigger') return 'event_trigger';
  if (r.kind === 'scalar') return pgTypeName(r.type);
  return `TABLE(${r.columns.map((c) => `${c.name} ${pgTypeName(c.type)}`).join(', ')})`;
}

/** Spec error templates (placeholders in angle brackets match anything) as anchored regular expressions. */
function errorTemplates(): RegExp[] {
  const functions: readonly SqlFunction[] = spec.functions;
  return [...functions.flatMap((f) => f.errors), ...spec.schedule.errors].map(
    (t) =>
      new RegExp(
        `^${t
          .split(/<[^>]+>/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.+')}$`,
      ),
  );
}

describe(`${spec.extension.title} matches the spec (${backend.label})`, () => {
  it('has every spec function with the same argument names, types, defaults, strictness and return', async () => {
    // spec/<target> lists the functions the package uses (for pg_trickle 20 of its 123): those are the ones checked
    const functions: readonly SqlFunction[] = spec.functions;
    for (const fn of functions) {
      const rows = await sql<{ args: string; strict: boolean; ret: string }>(
        pg,
        `select pg_get_function_arguments(p.oid) as args, p.proisstrict as strict, pg_get_function_result(p.oid) as ret
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = $1 and p.proname = $2`,
        [api, fn.name],
      );
      expect(rows, fn.name).toHaveLength(1);
      const want = fn.args
        .map((a) => `${a.name} ${pgTypeName(a.type)}${a.default === undefined ? '' : ` DEFAULT ${renderDefault(a.type, a.default.value)}`}`)
        .join(', ');
      expect(rows[0]?.args, fn.name).toBe(want);
      expect(rows[0]?.strict, fn.name).toBe(fn.strict);
      expect(rows[0]?.ret, fn.name).toBe(renderReturn(fn.returns));
    }
  });

  it('has every catalog relation with the spec columns in order, types and nullability', async () => {
    for (const rel of spec.catalog) {
      const cols = await sql<{ name: string; type: string; notnull: boolean }>(
        pg,
        `select a.attname as name, format_type(a.atttypid, null) as type, a.attnotnull as notnull from pg_attribute a
         where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        [`${api}.${rel.name}`],
      );
      expect(
        cols.map((c) => c.name),
        rel.name,
      ).toEqual(rel.columns.map((c) => c.name));
      expect(
        cols.map((c) => c.type),
        rel.name,
      ).toEqual(rel.columns.map((c) => pgTypeName(c.type)));
      if (rel.kind === 'table')
        expect(
          cols.map((c) => c.notnull),
          rel.name,
        ).toEqual(rel.columns.map((c) => !c.nullable));
    }
  });
});

const skipPgStream = skippedOnTarget(['pgstream'], "its expectations are pg_stream 0.1.1's (its reference texts and observations O1-O12)");
const pgStreamNote = skipPgStream ? ` (${skipPgStream})` : '';

describe.skipIf(skipPgStream !== undefined)(`pg_stream behaves as its reference says (${backend.label})${pgStreamNote}`, () => {
  it('enforces the CHECK constraints with their default names', async () => {
    const checks = await sql<{ conname: string }>(
      pg,
      "select conname from pg_constraint where conrelid = 'pgstream.pgs_stream_tables'::regclass and contype = 'c' order by 1",
    );
    expect(checks.map((c) => c.conname)).toEqual(['pgs_stream_tables_refresh_mode_check', 'pgs_stream_tables_status_check']);
  });

  it(`raises the reference error texts with SQLSTATE ${spec.extension.errorSqlState}, checked in the reference order`, async () => {
    await sql(pg, 'create schema if not exists emu_t; create table if not exists emu_t.src (id int primary key, v int)');
    const cases: [string, string][] = [
      [
        "select pgstream.create_stream_table('emu_t.a', 'select 1 from emu_t.src', '1m', 'FAST')",
        "invalid argument: unknown refresh mode: FAST. Must be 'FULL' or 'DIFFERENTIAL'",
      ],
      ["select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src', '30s')", 'invalid argument: schedule must be at least 60s, got 30s'],
      [
        "select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src', '5M')",
        "invalid argument: invalid duration unit 'M' in '5M'. Use s (seconds), m (minutes), h (hours), d (days), w (weeks). Example: '5m', '1h30m', '2d'",
      ],
      [
        "select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src', '1h30')",
        "invalid argument: trailing digits '30' without a unit in duration '1h30'. Append s, m, h, d, or w. Example: '1h30m'",
      ],
      ["select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src', '  ')", 'invalid argument: schedule cannot be empty'],
      [
        "select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src limit 5')",
        'unsupported operator for DIFFERENTIAL mode: LIMIT is not supported in defining queries. Stream tables materialize the full result set.',
      ],
      [
        "select pgstream.create_stream_table('emu_t.a', 'select 1 as x')",
        'query parse error: Defining query must have a FROM clause (op=0, all=false, larg_null=true, rarg_null=true, target_len=1, where_null=true)',
      ],
      ["select pgstream.alter_stream_table('emu_t.nope', status => 'PAUSED')", 'stream table not found: emu_t.nope'],
      ["select pgstream.drop_stream_table('emu_t.nope')", 'stream table not found: emu_t.nope'],
    ];
    // every text the emulator raises here is one the spec lists (placeholders in angle brackets match anything)
    const templates = errorTemplates();
    for (const [q, msg] of cases) {
      const got = await errorOf(q);
      expect(got, q).toEqual({ code: spec.extension.errorSqlState, message: msg });
      expect(
        templates.some((t) => t.test(got.message)),
        `spec/ lists no error text like: ${got.message}`,
      ).toBe(true);
    }
    expect((await errorOf("select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src;')")).code).toBe('42601');
    await sql(pg, "select pgstream.create_stream_table('emu_t.a', 'select id, v from emu_t.src')");
    expect(await errorOf("select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src')")).toEqual({
      code: spec.extension.errorSqlState,
      message: 'stream table already exists: emu_t.a',
    });
    expect(await errorOf("select pgstream.alter_stream_table('emu_t.a', status => 'PAUSED')")).toEqual({
      code: spec.extension.errorSqlState,
      message: 'invalid argument: unknown status: PAUSED',
    });
    expect((await errorOf("select pgstream.alter_stream_table('emu_t.a', refresh_mode => 'incremental')")).code).toBe('23514');
    await sql(pg, "select pgstream.alter_stream_table('emu_t.a', status => 'suspended')");
    expect(await errorOf("select pgstream.refresh_stream_table('emu_t.a')")).toEqual({
      code: spec.extension.errorSqlState,
      message: "invalid argument: stream table emu_t.a is suspended; use pgstream.resume_stream_table('emu_t.a') first",
    });
    await sql(pg, "select pgstream.resume_stream_table('emu_t.a')");
    expect(await errorOf("select pgstream.resume_stream_table('emu_t.a')")).toEqual({
      code: spec.extension.errorSqlState,
      message: 'invalid argument: stream table emu_t.a is not suspended (current status: ACTIVE)',
    });
    expect((await sql(pg, 'select pgstream.drop_stream_table(null) as r'))[0]).toEqual({ r: null });
  });

  it('puts the storage table first-column __pgs_row_id, drops type modifiers, and reacts to DDL as §13 says', async () => {
    await sql(pg, 'create table if not exists emu_t.typed (id int primary key, c varchar(20), n numeric(10,2))');
    await sql(pg, "select pgstream.create_stream_table('emu_t.typed_st', 'select id, c, n from emu_t.typed', '1m', 'FULL')");
    const cols = await sql<{ n: string; t: string }>(
      pg,
      "select attname as n, format_type(atttypid, atttypmod) as t from pg_attribute where attrelid = 'emu_t.typed_st'::regclass and attnum > 0 order by attnum",
    );
    expect(cols).toEqual([
      { n: '__pgs_row_id', t: 'bigint' },
      { n: 'id', t: 'integer' },
      { n: 'c', t: 'character varying' },
      { n: 'n', t: 'numeric' },
    ]);
    await sql(pg, 'drop table emu_t.typed cascade');
    expect((await sql(pg, "select status from pgstream.pgs_stream_tables where pgs_schema = 'emu_t' and pgs_name = 'typed_st'"))[0]).toEqual({
      status: 'ERROR',
    });
    await sql(pg, 'drop table emu_t.typed_st');
    expect(await sql(pg, "select 1 from pgstream.pgs_stream_tables where pgs_schema = 'emu_t' and pgs_name = 'typed_st'")).toEqual([]);
    await sql(pg, "select pgstream.drop_stream_table('emu_t.a'); drop schema emu_t cascade");
  });
});

describe.skipIf(skipPgStream !== undefined)(`pg_stream behaves as observed on the real extension (${backend.label})${pgStreamNote}`, () => {
  const schema = 'emu_obs';
  const row = async (name: string) =>
    (
      await sql<{ status: string; last_refresh_at: Date | null; needs_reinit: boolean }>(
        pg,
        'select status, last_refresh_at, needs_reinit from pgstream.pgs_stream_tables where pgs_schema = $1 and pgs_name = $2',
        [schema, name],
      )
    )[0];

  it.skipIf(EMULATOR_ONLY)('is the emulator: pgstream._emulator() exists (emulator-only by nature: skipped on the real extension)', async () => {
    expect(await sql(pg, 'select pgstream._emulator() as e')).toEqual([{ e: 'pg_stream 0.1.1 EMULATOR (dbt-pgstream test double, not the real extension)' }]);
  });

  it('O1: refreshes a stream table with any cron schedule on every scheduler tick', async () => {
    await sql(
      pg,
      `drop schema if exists ${schema} cascade; create schema ${schema}; create table ${schema}.src (id int primary key, v int); insert into ${schema}.src values (1, 1)`,
    );
    await sql(pg, `select pgstream.create_stream_table('${schema}.daily', 'select id, v from ${schema}.src', '@daily', 'FULL')`);
    await sql(pg, `select pgstream.alter_stream_table('${schema}.daily')`);
    const first = (
      await waitUntil('a first scheduled refresh of the @daily table', async () => (await row('daily'))?.last_refresh_at ?? undefined, 15_000)
    ).getTime();
    // a daily table refreshed again within seconds
    await waitUntil(
      'a second scheduled refresh of the @daily table',
      async () => (((await row('daily'))?.last_refresh_at?.getTime() ?? 0) > first ? true : undefined),
      15_000,
    );
    await sql(pg, `select pgstream.drop_stream_table('${schema}.daily')`);
  });

  it("O2: create_stream_table panics on non-ASCII text its splitter reads as outside a string, with the real error's first line", async () => {
    const q = `select id, v from ${schema}.src /* naïve */`;
    const err = await errorOf(`select pgstream.create_stream_table('${schema}.crash', '${q}', '1h', 'FULL')`);
    const at = Buffer.byteLength(q.slice(0, q.indexOf('ï')));
    expect(err.code).toBe('XX000');
    expect(err.message.split('\n')[0]).toBe(`end byte index ${at + 1} is not a char boundary; it is inside 'ï' (bytes ${at}..${at + 2}) of \`${q}\``);
    expect(await row('crash')).toBeUndefined();
  });

  it('O3: a dropped table source sets ERROR, drop_stream_table then fails, a plain DROP TABLE forgets the stream table and leaves change capture behind', async () => {
    await sql(pg, `create table ${schema}.up (id int primary key, v int); insert into ${schema}.up values (1, 1)`);
    await sql(pg, `select pgstream.create_stream_table('${schema}.down', 'select id, v from ${schema}.up', '1h', 'DIFFERENTIAL')`);
    const oid = (await sql<{ oid: number }>(pg, `select '${schema}.up'::regclass::oid::bigint::int as oid`))[0]?.oid;
    await sql(pg, `drop table ${schema}.up`);
    expect((await row('down'))?.status).toBe('ERROR');
    expect(await errorOf(`select pgstream.drop_stream_table('${schema}.down')`)).toEqual({ code: '42601', message: `syntax error at or near "${oid}"` });
    await sql(pg, `drop table ${schema}.down`);
    expect(await row('down')).toBeUndefined();
    expect(await sql(pg, 'select 1 from pgstream.pgs_dependencies d where d.source_relid = $1', [oid])).toEqual([]);
    const left = await sql<{ what: string }>(
      pg,
      `
      select 'tracking' as what from pgstream.pgs_change_tracking where source_relid = $1::oid
      union all select 'buffer' from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'pgstream_changes' and c.relname = 'changes_' || $1::text
      union all select p.proname::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'pgstream_changes' and p.proname like '%\\_' || $1::text
      order by 1`,
      [oid],
    );
    expect(left.map((r) => r.what)).toEqual(['buffer', `pg_stream_cdc_fn_${oid}`, `pg_stream_cdc_truncate_fn_${oid}`, 'tracking']);
    // the package removes those (what _pgstream_forget_sources_sql does), then the name is free again
    await sql(
      pg,
      `drop table pgstream_changes.changes_${oid}; drop function pgstream_changes.pg_stream_cdc_fn_${oid}(); drop function pgstream_changes.pg_stream_cdc_truncate_fn_${oid}(); delete from pgstream.pgs_change_tracking where source_relid = ${oid}`,
    );
    await sql(pg, `create table ${schema}.up (id int primary key, v int); insert into ${schema}.up values (1, 1)`);
    await sql(pg, `select pgstream.create_stream_table('${schema}.down', 'select id, v from ${schema}.up', '1h', 'DIFFERENTIAL')`);
    expect((await row('down'))?.status).toBe('ACTIVE');
    await sql(pg, `select pgstream.drop_stream_table('${schema}.down'); drop schema ${schema} cascade`);
  });

  it('O4: the scheduler does not refresh a stream table over a stream table, yet moves its data_timestamp', async () => {
    await sql(pg, `create schema ${schema}; create table ${schema}.src (id int primary key, v int); insert into ${schema}.src values (1, 1)`);
    await sql(pg, `select pgstream.create_stream_table('${schema}.up', 'select id, v from ${schema}.src', '1m', 'DIFFERENTIAL')`);
    await sql(pg, `select pgstream.create_stream_table('${schema}.down', 'select id, v from ${schema}.up', '1m', 'FULL')`);
    await sql(pg, `insert into ${schema}.src values (2, 2)`);
    await sql(pg, `update pgstream.pgs_stream_tables set data_timestamp = now() - interval '2 days' where pgs_schema = '${schema}'`);
    const counts = async () =>
      (
        await sql<{ up: number; down: number }>(pg, `select (select count(*)::int from ${schema}.up) as up, (select count(*)::int from ${schema}.down) as down`)
      )[0];
    await waitUntil("the scheduler to refresh up and to move down's data_timestamp", async () => {
      const fresh = await sql<{ n: number }>(
        pg,
        `select count(*)::int as n from pgstream.pgs_stream_tables where pgs_schema = '${schema}' and data_timestamp > now() - interval '1 day'`,
      );
      return fresh[0]?.n === 2 ? true : undefined;
    });
    expect(await counts()).toEqual({ up: 2, down: 1 });
    await sql(pg, `select pgstream.drop_stream_table('${schema}.down'); select pgstream.drop_stream_table('${schema}.up'); drop schema ${schema} cascade`);
  });

  it('O4: manual refreshes of a stream table over a stream table see its upstream changes every time (it has no frontier: each is FULL)', async () => {
    await sql(pg, `create schema ${schema}; create table ${schema}.src (id int primary key, v int); insert into ${schema}.src values (1, 1)`);
    await sql(pg, `select pgstream.create_stream_table('${schema}.up', 'select id, v from ${schema}.src', '1h', 'DIFFERENTIAL')`);
    await sql(pg, `select pgstream.create_stream_table('${schema}.down', 'select id, v from ${schema}.up', '1h', 'DIFFERENTIAL')`);
    const refreshBoth = async () => {
      await sql(pg, `select pgstream.refresh_stream_table('${schema}.up')`);
      await sql(pg, `select pgstream.refresh_stream_table('${schema}.down')`);
    };
    const down = async () => (await sql<{ ids: number[] }>(pg, `select array_agg(id order by id) as ids from ${schema}.down`))[0]?.ids;
    await refreshBoth();
    expect(await down()).toEqual([1]);
    for (const id of [2, 3]) {
      await sql(pg, `insert into ${schema}.src values (${id}, ${id})`);
      await refreshBoth();
      expect(await down()).toEqual(Array.from({ length: id }, (_, i) => i + 1));
    }
    await sql(pg, `update ${schema}.src set v = 10 where id = 1; delete from ${schema}.src where id = 2`);
    await refreshBoth();
    expect(await sql(pg, `select id, v from ${schema}.down order by id`)).toEqual([
      { id: 1, v: 10 },
      { id: 3, v: 3 },
    ]);
    await sql(pg, `select pgstream.drop_stream_table('${schema}.down'); select pgstream.drop_stream_table('${schema}.up'); drop schema ${schema} cascade`);
  });

  it('O12: initialize => false stays INITIALIZING and unpopulated through scheduler ticks', async () => {
    await sql(pg, `create schema ${schema}; create table ${schema}.src (id int primary key, v int); insert into ${schema}.src values (1, 1)`);
    await sql(pg, `select pgstream.create_stream_table('${schema}.lazy', 'select id, v from ${schema}.src', '1m', 'FULL', false)`);
    await waitForSchedulerTick(pg);
    expect(await sql(pg, `select status, is_populated from pgstream.pgs_stream_tables where pgs_schema = '${schema}' and pgs_name = 'lazy'`)).toEqual([
      { status: 'INITIALIZING', is_populated: false },
    ]);
    await sql(pg, `select pgstream.drop_stream_table('${schema}.lazy'); drop schema ${schema} cascade`);
  });
});

const skipPgTrickle = skippedOnTarget(['pgtrickle'], "its expectations are pg_trickle 0.48.0's (docs/pgtrickle-observed.md)");
const pgTrickleNote = skipPgTrickle ? ` (${skipPgTrickle})` : '';

describe.skipIf(skipPgTrickle !== undefined)(`pg_trickle behaves as observed on the real extension (${backend.label})${pgTrickleNote}`, () => {
  const schema = 'emu_pgt';
  const src = `${schema}.src`;
  const invalid = (message: string) => ({ code: '22023', message: `invalid argument: ${message}` });
  type Row = {
    schedule: string | null;
    refresh_mode: string;
    status: string;
    is_populated: boolean;
    data_timestamp: Date | null;
    last_refresh_at: Date | null;
    original_query: string | null;
    query: string;
  };
  const row = async (name: string): Promise<Row | undefined> =>
    (
      await sql<Row>(
        pg,
        `select schedule, refresh_mode, status, is_populated, data_timestamp, last_refresh_at, original_query,
                coalesce(original_query, defining_query) as query
         from pgtrickle.pgt_stream_tables where pgt_schema = $1 and pgt_name = $2`,
        [schema, name],
      )
    )[0];
  const settings = async (name: string) => {
    const r = await row(name);
    return r && { schedule: r.schedule, refresh_mode: r.refresh_mode, status: r.status, is_populated: r.is_populated };
  };
  const count = async (name: string) => (await sql<{ n: number }>(pg, `select count(*)::int as n from ${schema}.${name}`))[0]?.n;
  const create = async (name: string, query: string, ...args: string[]) =>
    await sql(pg, `select pgtrickle.create_stream_table('${schema}.${name}', $q$${query}$q$${args.map((a) => `, ${a}`).join('')})`);
  /** A new schema with src (id primary key, v): rows (1, 1) and (2, 2). */
  const fresh = async () => {
    await dropStreamTablesIn(schema);
    await sql(
      pg,
      `drop schema if exists ${schema} cascade; create schema ${schema}; create table ${src} (id int primary key, v int); insert into ${src} values (1, 1), (2, 2)`,
    );
  };
  async function dropStreamTablesIn(s: string) {
    const sts = await sql<{ n: string }>(
      pg,
      "select pgt_schema || '.' || pgt_name as n from pgtrickle.pgt_stream_tables where pgt_schema = $1 order by pgt_id desc",
      [s],
    );
    for (const r of sts) await sql(pg, 'select pgtrickle.drop_stream_table($1, cascade => true)', [r.n]).catch(() => undefined);
  }
  const cleanUp = async () => {
    await dropStreamTablesIn(schema);
    await sql(pg, `drop schema ${schema} cascade`);
  };

  it.skipIf(EMULATOR_ONLY)('is the emulator: pgtrickle._emulator() exists (emulator-only by nature: skipped on the real extension)', async () => {
    expect((await sql<{ e: string }>(pg, 'select pgtrickle._emulator() as e'))[0]?.e).toMatch(/EMULATOR/);
  });

  it('§1, T15: create with the defaults resolves AUTO to DIFFERENTIAL, is ACTIVE and populated, schedule NULL (calculated); a given schedule is stored trimmed', async () => {
    await fresh();
    await create('dflt', `select id, v from ${src}`);
    expect(await settings('dflt')).toEqual({ schedule: null, refresh_mode: 'DIFFERENTIAL', status: 'ACTIVE', is_populated: true });
    expect(await count('dflt')).toBe(2);
    await create('dur', `select id, v from ${src}`, "' 5m '", "'FULL'");
    expect(await settings('dur')).toEqual({ schedule: '5m', refresh_mode: 'FULL', status: 'ACTIVE', is_populated: true });
    await create('cron', `select id, v from ${src}`, "'*/5 * * * *'", "'FULL'");
    expect((await row('cron'))?.schedule).toBe('*/5 * * * *');
    await create('calc', `select id, v from ${src}`, "' Calculated '", "'FULL'");
    expect((await row('calc'))?.schedule).toBeNull();
    await cleanUp();
  });

  it('§1a, T1: AUTO resolves to FULL over a materialized view (DIFFERENTIAL over a table); explicit DIFFERENTIAL over one is refused with 0A000', async () => {
    await fresh();
    await sql(pg, `create materialized view ${schema}.mv as select id, v from ${src}`);
    await create('m_auto', `select id, v from ${schema}.mv`, "'1h'", "'AUTO'");
    await create('t_auto', `select id, v from ${src}`, "'1h'", "'AUTO'");
    expect((await settings('m_auto'))?.refresh_mode).toBe('FULL');
    expect((await settings('t_auto'))?.refresh_mode).toBe('DIFFERENTIAL');
    const err = await errorOf(`select pgtrickle.create_stream_table('${schema}.m_diff', 'select id, v from ${schema}.mv', '1h', 'DIFFERENTIAL')`);
    expect(err.code).toBe('0A000');
    expect(err.message).toMatch(
      new RegExp(`^unsupported operator for DIFFERENTIAL mode: Materialized view '${schema}\\.mv' cannot be used as a source in DIFFERENTIAL mode\\.`),
    );
    expect(await row('m_diff')).toBeUndefined();
    await cleanUp();
  });

  it('§1: create reads the refresh mode in any case with INCREMENTAL for DIFFERENTIAL, untrimmed; an unknown one is refused (22023, upper-cased)', async () => {
    await fresh();
    await create('inc', `select id, v from ${src}`, "'1h'", "'incremental'");
    await create('full', `select id, v from ${src}`, "'1h'", "'full'");
    await create('diff', `select id, v from ${src}`, "'1h'", "'Differential'");
    expect([(await row('inc'))?.refresh_mode, (await row('full'))?.refresh_mode, (await row('diff'))?.refresh_mode]).toEqual([
      'DIFFERENTIAL',
      'FULL',
      'DIFFERENTIAL',
    ]);
    const modes = "Must be 'AUTO', 'FULL', 'DIFFERENTIAL', or 'IMMEDIATE'";
    expect(await errorOf(`select pgtrickle.create_stream_table('${schema}.bad', 'select id, v from ${src}', '1h', 'bogus')`)).toEqual(
      invalid(`unknown refresh mode: BOGUS. ${modes}`),
    );
    expect(await errorOf(`select pgtrickle.create_stream_table('${schema}.bad', 'select id, v from ${src}', '1h', ' FULL')`)).toEqual(
      invalid(`unknown refresh mode:  FULL. ${modes}`),
    );
    expect(await row('bad')).toBeUndefined();
    await cleanUp();
  });

  it('§1b, T1: alter_stream_table sets FULL or DIFFERENTIAL in any case, but AUTO and INCREMENTAL fail the catalog CHECK (23514)', async () => {
    await fresh();
    await create('a', `select id, v from ${src}`, "'1h'", "'DIFFERENTIAL'");
    await sql(pg, `select pgtrickle.alter_stream_table('${schema}.a', refresh_mode => 'full')`);
    expect((await row('a'))?.refresh_mode).toBe('FULL');
    const check = { code: '23514', message: 'new row for relation "pgt_stream_tables" violates check constraint "pgt_stream_tables_refresh_mode_check"' };
    expect(await errorOf(`select pgtrickle.alter_stream_table('${schema}.a', refresh_mode => 'AUTO')`)).toEqual(check);
    expect(await errorOf(`select pgtrickle.alter_stream_table('${schema}.a', refresh_mode => 'INCREMENTAL')`)).toEqual(check);
    expect(await errorOf(`select pgtrickle.alter_stream_table('${schema}.a', refresh_mode => 'bogus')`)).toEqual(
      invalid("unknown refresh mode: BOGUS. Must be 'AUTO', 'FULL', 'DIFFERENTIAL', or 'IMMEDIATE'"),
    );
    await sql(pg, `select pgtrickle.alter_stream_table('${schema}.a', refresh_mode => 'differential')`);
    expect((await row('a'))?.refresh_mode).toBe('DIFFERENTIAL');
    await cleanUp();
  });

  it("§1, §2: a NULL schedule is refused at create (use 'calculated'), leaves the schedule unchanged in alter; schedule errors are the grammar's", async () => {
    await fresh();
    expect(await errorOf(`select pgtrickle.create_stream_table('${schema}.n', 'select id, v from ${src}', NULL, 'FULL')`)).toEqual(
      invalid("use 'calculated' instead of NULL to set CALCULATED schedule"),
    );
    expect(await row('n')).toBeUndefined();
    expect((await sql(pg, `select to_regclass('${schema}.n') as r`))[0]).toEqual({ r: null });
    await create('a', `select id, v from ${src}`, "'1h'", "'FULL'");
    await sql(pg, `select pgtrickle.alter_stream_table('${schema}.a', schedule => NULL)`);
    expect((await row('a'))?.schedule).toBe('1h');
    await sql(pg, `select pgtrickle.alter_stream_table('${schema}.a', schedule => '1h30m')`);
    expect((await row('a'))?.schedule).toBe('1h30m');
    await sql(pg, `select pgtrickle.alter_stream_table('${schema}.a', schedule => 'CALCULATED')`);
    expect((await row('a'))?.schedule).toBeNull();
    const templates = errorTemplates();
    for (const [input, message] of [
      ['0s', 'schedule must be at least 1s, got 0s'],
      ['5M', "invalid duration unit 'M' in '5M'. Use s (seconds), m (minutes), h (hours), d (days), w (weeks). Example: '5m', '1h30m', '2d'"],
      ['1h30', "trailing digits '30' without a unit in duration '1h30'. Append s, m, h, d, or w. Example: '1h30m'"],
      ['-5', "schedule cannot be negative: '-5'"],
      ['', 'schedule cannot be empty'],
      ['5 minutes', "invalid cron expression '5 minutes': expected 5 or 6 fields, got 2"],
    ] as const) {
      const got = await errorOf(`select pgtrickle.alter_stream_table('${schema}.a', schedule => '${input}')`);
      expect(got, input).toEqual(invalid(message));
      expect(
        templates.some((t) => t.test(got.message)),
        `spec/ lists no error text like: ${got.message}`,
      ).toBe(true);
    }
    expect((await row('a'))?.schedule).toBeNull();
    await cleanUp();
  });

  it('§1b: alter status takes ACTIVE and SUSPENDED in any case and refuses PAUSED; refresh of a SUSPENDED table and resume of an ACTIVE one are refused', async () => {
    await fresh();
    await create('a', `select id, v from ${src}`, "'1h'", "'DIFFERENTIAL'");
    expect(await errorOf(`select pgtrickle.alter_stream_table('${schema}.a', status => 'PAUSED')`)).toEqual(invalid('unknown status: PAUSED'));
    await sql(pg, `select pgtrickle.alter_stream_table('${schema}.a', status => 'suspended')`);
    expect((await row('a'))?.status).toBe('SUSPENDED');
    expect(await errorOf(`select pgtrickle.refresh_stream_table('${schema}.a')`)).toEqual(
      invalid(`stream table ${schema}.a is suspended ; use pgtrickle.resume_stream_table('${schema}.a') first`),
    );
    await sql(pg, `select pgtrickle.alter_stream_table('${schema}.a', status => 'Active')`);
    expect((await row('a'))?.status).toBe('ACTIVE');
    expect(await errorOf(`select pgtrickle.resume_stream_table('${schema}.a')`)).toEqual(
      invalid(`stream table ${schema}.a is not suspended or in error state (current status: ACTIVE)`),
    );
    // the package re-signals the scheduler with a no-argument alter after each create: it changes nothing
    const before = await settings('a');
    await sql(pg, `select pgtrickle.alter_stream_table('${schema}.a')`);
    expect(await settings('a')).toEqual(before);
    await cleanUp();
  });

  it('T14: unknown stream table 42P01, duplicate 42P07, a NULL argument XX000 (0-based), a trailing semicolon 42601; the strict functions return NULL for NULL', async () => {
    await fresh();
    await create('a', `select id, v from ${src}`, "'1h'", "'FULL'");
    const notFound = { code: '42P01', message: `stream table not found: ${schema}.nope` };
    for (const call of [
      `alter_stream_table('${schema}.nope')`,
      `refresh_stream_table('${schema}.nope')`,
      `drop_stream_table('${schema}.nope')`,
      `resume_stream_table('${schema}.nope')`,
    ])
      expect(await errorOf(`select pgtrickle.${call}`), call).toEqual(notFound);
    expect(await errorOf(`select pgtrickle.create_stream_table('${schema}.a', 'select id from ${src}', '1h', 'FULL')`)).toEqual({
      code: '42P07',
      message: `stream table already exists: ${schema}.a`,
    });
    expect(await errorOf(`select pgtrickle.create_stream_table(NULL, 'select id from ${src}')`)).toEqual({
      code: 'XX000',
      message: 'argument 0 must not be null',
    });
    expect(await errorOf(`select pgtrickle.create_stream_table('${schema}.b', NULL)`)).toEqual({ code: 'XX000', message: 'argument 1 must not be null' });
    expect(await errorOf(`select pgtrickle.create_stream_table('${schema}.b', 'select id from ${src};', '1h', 'FULL')`)).toEqual({
      code: '42601',
      message: 'syntax error at or near ";"',
    });
    expect(await row('b')).toBeUndefined();
    expect(
      await sql(pg, 'select pgtrickle.drop_stream_table(NULL) as d, pgtrickle.refresh_stream_table(NULL) as r, pgtrickle.resume_stream_table(NULL) as s'),
    ).toEqual([{ d: null, r: null, s: null }]);
    await cleanUp();
  });

  it('T12: drop_stream_table removes the table and its catalog row, but leaves <schema>._pgt_guard_<name>(), which blocks DROP SCHEMA', async () => {
    await fresh();
    await sql(pg, 'drop schema if exists emu_pgt_g cascade; create schema emu_pgt_g');
    await sql(pg, `select pgtrickle.create_stream_table('emu_pgt_g.z', 'select id, v from ${src}', '1h', 'DIFFERENTIAL')`);
    await sql(pg, "select pgtrickle.drop_stream_table('emu_pgt_g.z')");
    expect(await sql(pg, "select 1 from pgtrickle.pgt_stream_tables where pgt_schema = 'emu_pgt_g'")).toEqual([]);
    expect((await sql(pg, "select to_regclass('emu_pgt_g.z') as r"))[0]).toEqual({ r: null });
    const left = await sql<{ f: string }>(
      pg,
      "select p.proname::text as f from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'emu_pgt_g' order by 1",
    );
    expect(left.map((r) => r.f)).toEqual(['_pgt_guard_z']);
    expect(await errorOf('drop schema emu_pgt_g')).toEqual({ code: '2BP01', message: 'cannot drop schema emu_pgt_g because other objects depend on it' });
    // what the package does after each drop (relations/stream_table/drop.sql): then the schema is empty
    await sql(pg, 'drop function emu_pgt_g._pgt_guard_z(); drop schema emu_pgt_g');
    await cleanUp();
  });

  it('T15, T20: a manual refresh moves last_refresh_at every time; data_timestamp only with changes, except a FULL over a table (every time); MANUAL history rows', async () => {
    await fresh();
    await create('f', `select id, v from ${src}`, "'1h'", "'FULL'");
    await create('d', `select id, v from ${src}`, "'1h'", "'DIFFERENTIAL'");
    await create('down', `select id, v from ${schema}.d`, "'1h'", "'FULL'");
    const history = async (name: string) =>
      (
        await sql<{ n: number }>(
          pg,
          `select count(*)::int as n from pgtrickle.pgt_refresh_history h join pgtrickle.pgt_stream_tables st on st.pgt_id = h.pgt_id
           where st.pgt_schema = $1 and st.pgt_name = $2 and h.initiated_by = 'MANUAL'`,
          [schema, name],
        )
      )[0]?.n;
    const ms = (d: Date | null | undefined) => d?.getTime() ?? 0;
    // without changes: d (DIFFERENTIAL) keeps data_timestamp; f (FULL over a table) moves it every time; down (FULL over an unchanged
    // stream table) moves it on its first refresh after the create, then keeps it ('FULL, no-op') (T20)
    const runs = [
      ['d', false],
      ['down', true],
      ['down', false],
      ['f', true],
      ['f', true],
    ] as const;
    for (const [name, moves] of runs) {
      const before = await row(name);
      await sql(pg, `select pgtrickle.refresh_stream_table('${schema}.${name}')`);
      const after = await row(name);
      expect(ms(after?.last_refresh_at), `${name}: last_refresh_at after a refresh without changes`).toBeGreaterThan(ms(before?.last_refresh_at));
      if (moves) expect(ms(after?.data_timestamp), `${name}: data_timestamp after a refresh without changes`).toBeGreaterThan(ms(before?.data_timestamp));
      else expect(after?.data_timestamp, `${name}: data_timestamp after a refresh without changes`).toEqual(before?.data_timestamp);
    }
    const unchanged = { d: await row('d'), down: await row('down'), f: await row('f') };
    await sql(pg, `insert into ${src} values (3, 3)`);
    for (const name of ['d', 'down', 'f'] as const) {
      await sql(pg, `select pgtrickle.refresh_stream_table('${schema}.${name}')`);
      // (the scheduler may refresh down on its own once d changed, T3: either way its data_timestamp moved)
      expect(ms((await row(name))?.data_timestamp), `${name}: data_timestamp after a refresh with changes`).toBeGreaterThan(
        ms(unchanged[name]?.data_timestamp),
      );
      expect(await count(name), name).toBe(3);
      expect(await history(name), `${name}: MANUAL history rows`).toBe(runs.filter(([n]) => n === name).length + 1);
    }
    await cleanUp();
  });

  it('T10: initialize => false stays INITIALIZING and unpopulated; refresh_stream_table populates it', async () => {
    await fresh();
    await create('lazy', `select id, v from ${src}`, "'1h'", "'DIFFERENTIAL'", 'false');
    expect(await settings('lazy')).toEqual({ schedule: '1h', refresh_mode: 'DIFFERENTIAL', status: 'INITIALIZING', is_populated: false });
    expect(await count('lazy')).toBe(0);
    await sql(pg, `select pgtrickle.refresh_stream_table('${schema}.lazy')`);
    expect(await settings('lazy')).toEqual({ schedule: '1h', refresh_mode: 'DIFFERENTIAL', status: 'ACTIVE', is_populated: true });
    expect(await count('lazy')).toBe(2);
    await cleanUp();
  });

  it('§1, swap P8/P10: drop_stream_table refuses a table other stream tables read; repointing their dependency rows lets it proceed; cascade drops them', async () => {
    await fresh();
    await create('up', `select id, v from ${src}`, "'1h'", "'DIFFERENTIAL'");
    await create('down', `select id, v from ${schema}.up`, "'1h'", "'FULL'");
    expect(
      await sql(
        pg,
        `select d.source_type, d.source_relid = '${schema}.up'::regclass as is_up from pgtrickle.pgt_dependencies d
         join pgtrickle.pgt_stream_tables st on st.pgt_id = d.pgt_id where st.pgt_schema = $1 and st.pgt_name = 'down'`,
        [schema],
      ),
    ).toEqual([{ source_type: 'STREAM_TABLE', is_up: true }]);
    expect(await errorOf(`select pgtrickle.drop_stream_table('${schema}.up')`)).toEqual(
      invalid(`stream table ${schema}.up has dependent stream tables: ${schema}.down. Use cascade => true to drop them automatically.`),
    );
    expect((await row('up'))?.status).toBe('ACTIVE');
    // what the package's swap does (relations/stream_table/swap.sql)
    await create('up2', `select id, v from ${src}`, "'1h'", "'DIFFERENTIAL'");
    await sql(
      pg,
      `update pgtrickle.pgt_dependencies set source_relid = '${schema}.up2'::regclass where source_relid = '${schema}.up'::regclass and source_type = 'STREAM_TABLE'`,
    );
    await sql(pg, `select pgtrickle.drop_stream_table('${schema}.up')`);
    expect(await row('up')).toBeUndefined();
    expect((await row('down'))?.status).toBe('ACTIVE');
    await sql(pg, `select pgtrickle.drop_stream_table('${schema}.up2', cascade => true)`);
    expect([await row('up2'), await row('down')]).toEqual([undefined, undefined]);
    expect((await sql(pg, `select to_regclass('${schema}.down') as r`))[0]).toEqual({ r: null });
    await cleanUp();
  });

  it('T18: the storage table starts with __pgt_row_id bigint, drops type modifiers, adds __pgt_count for an aggregate, and refuses direct DML (P0001)', async () => {
    await fresh();
    await sql(
      pg,
      `create table ${schema}.typed (id int primary key, c varchar(20), n numeric(10,2), g int); insert into ${schema}.typed values (1, 'a', 1.5, 1)`,
    );
    const columns = async (name: string) =>
      await sql<{ n: string; t: string }>(
        pg,
        'select attname::text as n, format_type(atttypid, atttypmod) as t from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum',
        [`${schema}.${name}`],
      );
    await create('typed_st', `select id, c, n from ${schema}.typed`, "'1h'", "'FULL'");
    expect(await columns('typed_st')).toEqual([
      { n: '__pgt_row_id', t: 'bigint' },
      { n: 'id', t: 'integer' },
      { n: 'c', t: 'character varying' },
      { n: 'n', t: 'numeric' },
    ]);
    await create('agg', `select g, count(*) as k from ${schema}.typed group by g`, "'1h'", "'DIFFERENTIAL'");
    expect(await columns('agg')).toEqual([
      { n: '__pgt_row_id', t: 'bigint' },
      { n: 'g', t: 'integer' },
      { n: 'k', t: 'bigint' },
      { n: '__pgt_count', t: 'bigint' },
    ]);
    expect(await errorOf(`insert into ${schema}.typed_st (id) values (9)`)).toEqual({
      code: 'P0001',
      message: 'Direct DML on stream table typed_st is not allowed. Stream tables are maintained automatically by pg_trickle.',
    });
    await cleanUp();
  });

  it('T15: the query as given is COALESCE(original_query, defining_query), byte for byte (comments and trailing newlines kept)', async () => {
    await fresh();
    const plain = `/* naïve note */ select id,\n  v from ${src}\n\n`;
    await create('q1', plain, "'1h'", "'DIFFERENTIAL'");
    expect(await row('q1')).toMatchObject({ query: plain, original_query: null });
    await sql(pg, `create view ${schema}.vw as select id, v from ${src} where v > 0`);
    const overView = `select id, v from ${schema}.vw`;
    await create('q2', overView, "'1h'", "'DIFFERENTIAL'");
    expect((await row('q2'))?.query).toBe(overView);
    await cleanUp();
  });
});
