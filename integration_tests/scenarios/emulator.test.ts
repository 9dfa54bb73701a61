/**
 * The emulator checked against the spec and against what the real pg_stream 0.1.1 was observed to do. Every case
 * runs on both backends: on the real extension it shows that the expectation (and so the emulator) is right.
 */
import { describe, expect, inject, it } from 'vitest';
import { sql, waitForSchedulerTick, waitUntil } from '../../harness/pg.ts';
import { withClient } from '../../harness/server.ts';
import { selectedTarget, skippedOnTarget } from '../../harness/target.ts';
import type { SqlFunction } from '../../spec/types.ts';

const pg = inject('pg');
const spec = selectedTarget();
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

const skip = skippedOnTarget(
  ['pgstream'],
  "it checks the pg_stream emulator and the real pg_stream against pg_stream's reference; pg_trickle's are not written yet (issue 18)",
);
const skipNote = skip ? ` (${skip})` : '';

describe.skipIf(skip !== undefined)(`pg_stream matches the spec (${backend.label})${skipNote}`, () => {
  it('has every spec function with the same argument names, types, defaults, strictness and return', async () => {
    const functions: readonly SqlFunction[] = spec.functions;
    for (const fn of functions) {
      const rows = await sql<{ args: string; strict: boolean; ret: string }>(
        pg,
        `select pg_get_function_arguments(p.oid) as args, p.proisstrict as strict, pg_get_function_result(p.oid) as ret
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = $1 and p.proname = $2`,
        [spec.extension.apiSchema, fn.name],
      );
      expect(rows, fn.name).toHaveLength(1);
      const want = fn.args
        .map(
          (a) =>
            `${a.name} ${a.type}${a.default === undefined ? '' : ` DEFAULT ${a.default.value === null ? 'NULL::text' : typeof a.default.value === 'string' ? `'${a.default.value}'::text` : String(a.default.value)}`}`,
        )
        .join(', ');
      expect(rows[0]?.args, fn.name).toBe(want);
      expect(rows[0]?.strict, fn.name).toBe(fn.strict);
    }
  });

  it('has every catalog relation with the spec columns in order, types and nullability', async () => {
    for (const rel of spec.catalog) {
      const cols = await sql<{ name: string; type: string; notnull: boolean }>(
        pg,
        `select a.attname as name, format_type(a.atttypid, null) as type, a.attnotnull as notnull from pg_attribute a
         where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        [`${spec.extension.apiSchema}.${rel.name}`],
      );
      expect(
        cols.map((c) => c.name),
        rel.name,
      ).toEqual(rel.columns.map((c) => c.name));
      const norm = (t: string) => (({ 'timestamp with time zone': 'timestamptz' }) as Record<string, string>)[t] ?? t;
      expect(
        cols.map((c) => norm(c.type)),
        rel.name,
      ).toEqual(rel.columns.map((c) => c.type));
      if (rel.kind === 'table')
        expect(
          cols.map((c) => c.notnull),
          rel.name,
        ).toEqual(rel.columns.map((c) => !c.nullable));
    }
  });

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
    const functions: readonly SqlFunction[] = spec.functions;
    const templates = [...functions.flatMap((f) => f.errors), ...spec.schedule.errors].map(
      (t) =>
        new RegExp(
          `^${t
            .split(/<[^>]+>/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('.+')}$`,
        ),
    );
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

describe.skipIf(skip !== undefined)(`pg_stream behaves as observed on the real extension (${backend.label})${skipNote}`, () => {
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
