/** The emulator checked against the spec and the reference: signatures, columns, constraints, error texts. */
import { describe, expect, inject, it } from 'vitest';
import { spec } from '../../spec/index.ts';
import type { SqlFunction } from '../../spec/types.ts';
import { sql } from '../harness/pg.ts';
import { withClient } from '../harness/server.ts';

const pg = inject('pg');
const backend = inject('backend');
const check = backend.kind === 'emulator' ? describe : describe.skip;
if (backend.kind !== 'emulator') console.log(`SKIPPED emulator checks: the server runs ${backend.label}, not the emulator`);

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

check(`the pg_stream emulator matches the spec (${backend.label})`, () => {
  it('has every spec function with the same argument names, types, defaults, strictness and return', async () => {
    const functions: readonly SqlFunction[] = spec.functions;
    for (const fn of functions) {
      const rows = await sql<{ args: string; strict: boolean; ret: string }>(pg,
        `select pg_get_function_arguments(p.oid) as args, p.proisstrict as strict, pg_get_function_result(p.oid) as ret
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = $1 and p.proname = $2`, [fn.schema, fn.name]);
      expect(rows, fn.name).toHaveLength(1);
      const want = fn.args.map((a) => `${a.name} ${a.type}${a.default === undefined ? '' : ` DEFAULT ${a.default.value === null ? 'NULL::text' : typeof a.default.value === 'string' ? `'${a.default.value}'::text` : String(a.default.value)}`}`).join(', ');
      expect(rows[0]?.args, fn.name).toBe(want);
      expect(rows[0]?.strict, fn.name).toBe(fn.strict);
    }
  });

  it('has every catalog relation with the spec columns in order, types and nullability', async () => {
    for (const rel of spec.catalog) {
      const cols = await sql<{ name: string; type: string; notnull: boolean }>(pg,
        `select a.attname as name, format_type(a.atttypid, null) as type, a.attnotnull as notnull from pg_attribute a
         where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`, [`${rel.schema}.${rel.name}`]);
      expect(cols.map((c) => c.name), rel.name).toEqual(rel.columns.map((c) => c.name));
      const norm = (t: string) => ({ 'timestamp with time zone': 'timestamptz' } as Record<string, string>)[t] ?? t;
      expect(cols.map((c) => norm(c.type)), rel.name).toEqual(rel.columns.map((c) => c.type));
      if (rel.kind === 'table') expect(cols.map((c) => c.notnull), rel.name).toEqual(rel.columns.map((c) => !c.nullable));
    }
  });

  it('enforces the CHECK constraints with their default names', async () => {
    const checks = await sql<{ conname: string }>(pg, "select conname from pg_constraint where conrelid = 'pgstream.pgs_stream_tables'::regclass and contype = 'c' order by 1");
    expect(checks.map((c) => c.conname)).toEqual(['pgs_stream_tables_refresh_mode_check', 'pgs_stream_tables_status_check']);
  });

  it('raises the reference error texts with SQLSTATE XX000, checked in the reference order', async () => {
    await sql(pg, 'create schema if not exists emu_t; create table if not exists emu_t.src (id int primary key, v int)');
    const cases: [string, string][] = [
      ["select pgstream.create_stream_table('emu_t.a', 'select 1 from emu_t.src', '1m', 'FAST')", "invalid argument: unknown refresh mode: FAST. Must be 'FULL' or 'DIFFERENTIAL'"],
      ["select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src', '30s')", 'invalid argument: schedule must be at least 60s, got 30s'],
      ["select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src', '5M')", "invalid argument: invalid duration unit 'M' in '5M'. Use s (seconds), m (minutes), h (hours), d (days), w (weeks). Example: '5m', '1h30m', '2d'"],
      ["select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src', '1h30')", "invalid argument: trailing digits '30' without a unit in duration '1h30'. Append s, m, h, d, or w. Example: '1h30m'"],
      ["select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src', '  ')", 'invalid argument: schedule cannot be empty'],
      ["select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src limit 5')", 'unsupported operator for DIFFERENTIAL mode: LIMIT is not supported in defining queries. Stream tables materialize the full result set.'],
      ["select pgstream.create_stream_table('emu_t.a', 'select 1 as x')", 'query parse error: Defining query references no tables'],
      ["select pgstream.alter_stream_table('emu_t.nope', status => 'PAUSED')", 'stream table not found: emu_t.nope'],
      ["select pgstream.drop_stream_table('emu_t.nope')", 'stream table not found: emu_t.nope'],
    ];
    // every text the emulator raises here is one the spec lists (placeholders in angle brackets match anything)
    const functions: readonly SqlFunction[] = spec.functions;
    const templates = [...functions.flatMap((f) => f.errors), ...spec.schedule.errors].map(
      (t) => new RegExp(`^${t.split(/<[^>]+>/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`),
    );
    for (const [q, msg] of cases) {
      const got = await errorOf(q);
      expect(got, q).toEqual({ code: 'XX000', message: msg });
      expect(templates.some((t) => t.test(got.message)), `spec/ lists no error text like: ${got.message}`).toBe(true);
    }
    expect((await errorOf("select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src;')")).code).toBe('42601');
    await sql(pg, "select pgstream.create_stream_table('emu_t.a', 'select id, v from emu_t.src')");
    expect(await errorOf("select pgstream.create_stream_table('emu_t.a', 'select id from emu_t.src')")).toEqual({ code: 'XX000', message: 'stream table already exists: emu_t.a' });
    expect(await errorOf("select pgstream.alter_stream_table('emu_t.a', status => 'PAUSED')")).toEqual({ code: 'XX000', message: 'invalid argument: unknown status: PAUSED' });
    expect((await errorOf("select pgstream.alter_stream_table('emu_t.a', refresh_mode => 'incremental')")).code).toBe('23514');
    await sql(pg, "select pgstream.alter_stream_table('emu_t.a', status => 'suspended')");
    expect(await errorOf("select pgstream.refresh_stream_table('emu_t.a')")).toEqual({ code: 'XX000', message: "invalid argument: stream table emu_t.a is suspended; use pgstream.resume_stream_table('emu_t.a') first" });
    await sql(pg, "select pgstream.resume_stream_table('emu_t.a')");
    expect(await errorOf("select pgstream.resume_stream_table('emu_t.a')")).toEqual({ code: 'XX000', message: 'invalid argument: stream table emu_t.a is not suspended (current status: ACTIVE)' });
    expect((await sql(pg, "select pgstream.drop_stream_table(null) as r"))[0]).toEqual({ r: null });
  });

  it('puts the storage table first-column __pgs_row_id, drops type modifiers, and reacts to DDL as §13 says', async () => {
    await sql(pg, "create table if not exists emu_t.typed (id int primary key, c varchar(20), n numeric(10,2))");
    await sql(pg, "select pgstream.create_stream_table('emu_t.typed_st', 'select id, c, n from emu_t.typed', '1m', 'FULL')");
    const cols = await sql<{ n: string; t: string }>(pg, "select attname as n, format_type(atttypid, atttypmod) as t from pg_attribute where attrelid = 'emu_t.typed_st'::regclass and attnum > 0 order by attnum");
    expect(cols).toEqual([{ n: '__pgs_row_id', t: 'bigint' }, { n: 'id', t: 'integer' }, { n: 'c', t: 'character varying' }, { n: 'n', t: 'numeric' }]);
    await sql(pg, 'drop table emu_t.typed cascade');
    expect((await sql(pg, "select status from pgstream.pgs_stream_tables where pgs_schema = 'emu_t' and pgs_name = 'typed_st'"))[0]).toEqual({ status: 'ERROR' });
    await sql(pg, 'drop table emu_t.typed_st');
    expect(await sql(pg, "select 1 from pgstream.pgs_stream_tables where pgs_schema = 'emu_t' and pgs_name = 'typed_st'")).toEqual([]);
    await sql(pg, "select pgstream.drop_stream_table('emu_t.a'); drop schema emu_t cascade");
  });
});
