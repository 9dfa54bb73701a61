/**
 * A query change without downtime (swap_on_replace, on by default): the new stream table is built beside the old one
 * and swapped in by one short transaction. A reader in a loop sees no error, only the old or the new rows; a new
 * query that fails, a swap that cannot get its locks and a run killed in the middle all leave the old table as it
 * was, and what a killed run left is removed by the next run.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { targetNames } from '../../harness/catalog.ts';
import { dbtRunner } from '../../harness/dbt.ts';
import { catalogRow, dropSchema, sql, waitUntil } from '../../harness/pg.ts';
import { copyIntegrationProject, writeFile } from '../../harness/project.ts';
import { startReader } from '../../harness/reader.ts';
import { connect } from '../../harness/server.ts';
import { selectedTarget } from '../../harness/target.ts';

const pgInfo = inject('pg');
const backend = inject('backend');
const ROWS = 100_000;
const names = targetNames();
const target = selectedTarget();
const p = target.package.macroPrefix;
/** The tag of the swap's DO block, which finds a running swap in pg_stat_activity. */
const SWAP_TAG = `dbt_${p}_swap`;

describe.each(inject('dbtMinors'))(`a query change without downtime on dbt %s (${backend.label})`, (minor) => {
  const suffix = minor.replace('.', '_');
  const schema = `sw_${suffix}`;
  const dir = copyIntegrationProject(`swap-${minor}`);
  const dbt = dbtRunner(minor, dir, schema, pgInfo);
  const relation = `"${schema}"."wide"`;
  const expected = (mul: number) => `${ROWS}/${(mul * ROWS * (ROWS + 1)) / 2}`;
  const model = (extra = '') =>
    writeFile(
      dir,
      'models/wide.sql',
      `{{ config(materialized='stream_table', schedule='1m', indexes=[{'columns': ['g']}]${extra}) }}\nselect id, g, v * {{ var('mul', 1) }} as v from ${schema}.big\n`,
    );
  const leftovers = async () =>
    (
      await sql<{ n: string }>(
        pgInfo,
        `select c.relname as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = $1 and c.relkind in ('r', 'p') and c.relname like 'wide\\_\\_swap\\_%'`,
        [schema],
      )
    )
      .map((r) => r.n)
      .concat(
        (
          await sql<{ n: string }>(
            pgInfo,
            `select ${names.st.name} as n from ${names.st.qualified} where ${names.st.schema} = $1 and ${names.st.name} <> 'wide'`,
            [schema],
          )
        ).map((r) => r.n),
      );
  /** Functions the extension leaves behind at a name (spec extension.dropLeavesFunctions), left at the temporary name. */
  const leftoverFunctions = async () =>
    (
      await sql<{ n: string }>(
        pgInfo,
        "select p.proname as n from pg_proc p join pg_namespace s on s.oid = p.pronamespace where s.nspname = $1 and p.proname like '%wide\\_\\_swap\\_%'",
        [schema],
      )
    ).map((r) => r.n);
  const current = async () => {
    const r = await sql<{ n: string; s: string }>(pgInfo, `select count(*)::text as n, sum(v)::text as s from ${relation}`);
    return `${r[0]?.n}/${r[0]?.s}`;
  };

  beforeAll(async () => {
    await dropSchema(pgInfo, schema);
    await sql(pgInfo, `create schema "${schema}"`);
    await sql(pgInfo, `create table "${schema}".big (id int primary key, g int not null, v bigint not null)`);
    await sql(pgInfo, `insert into "${schema}".big select i, i % 100, i from generate_series(1, ${ROWS}) i`);
    await dbt.ok(['deps']);
    model();
    await dbt.ok(['run', '--select', 'wide', '--vars', '{mul: 1}']);
    expect(await current()).toBe(expected(1));
  });
  afterAll(async () => {
    await dropSchema(pgInfo, schema);
  });

  it('swaps a changed query in while a reader reads: no error, only the old or the new rows; the new table is maintained by its name', async () => {
    const before = await catalogRow(pgInfo, schema, 'wide');
    const reader = startReader(pgInfo, `select count(*), sum(v) from ${relation}`);
    await new Promise((res) => setTimeout(res, 300));
    const r = await dbt.ok(['run', '--select', 'wide', '--vars', '{mul: 2}']);
    await new Promise((res) => setTimeout(res, 300));
    const { seen, errors, reads, worstMs } = await reader.stop();
    console.log(`[${backend.label}, dbt ${minor}] reader during the swap: ${reads} reads, worst wait ${worstMs.toFixed(0)} ms`);
    expect(r.output).toMatch(/replaced stream table .*wide: query changed \(built beside it and swapped in\)/);
    expect(errors).toEqual([]);
    expect(
      [...seen.keys()].every((k) => k === expected(1) || k === expected(2)),
      [...seen.keys()].join(', '),
    ).toBe(true);
    expect(seen.has(expected(2))).toBe(true);
    const after = await catalogRow(pgInfo, schema, 'wide');
    expect(after?.[names.st.id]).not.toBe(before?.[names.st.id]);
    expect([after?.status, after?.schedule, after?.is_populated]).toEqual(['ACTIVE', '1m', true]);
    expect(await leftovers()).toEqual([]);
    // its own and the configured indexes carry the model's names
    const indexes = await sql<{ n: string }>(pgInfo, 'select indexname as n from pg_indexes where schemaname = $1 and tablename = $2 order by 1', [
      schema,
      'wide',
    ]);
    expect(indexes.map((i) => i.n).filter((n) => n.includes('swap'))).toEqual([]);
    expect(
      indexes.some((i) => i.n.startsWith('wide_') && i.n.includes(target.extension.rowIdColumn)),
      JSON.stringify(indexes),
    ).toBe(true);
    expect(await leftoverFunctions()).toEqual([]);
    // an unchanged re-run is a no-op (the renamed indexes are the configured ones)
    const again = await dbt.ok(['run', '--select', 'wide', '--vars', '{mul: 2}']);
    expect(again.results.find((x) => x.unique_id.endsWith('.wide'))?.message).toBe('NOOP stream table');
    // maintained by its name: a change to the source arrives with a refresh
    await sql(pgInfo, `update "${schema}".big set v = v + 1 where id = 1`);
    await dbt.ok(['run-operation', `${p}_refresh`, '--args', '{model_name: wide}']);
    const r2 = await sql<{ v: string }>(pgInfo, `select v::text from ${relation} where id = 1`);
    expect(r2[0]?.v).toBe('4');
    await sql(pgInfo, `update "${schema}".big set v = v - 1 where id = 1`);
    await dbt.ok(['run-operation', `${p}_refresh`, '--args', '{model_name: wide}']);
  });

  it('keeps the old table when the new query fails, and leaves nothing behind', async () => {
    const before = await catalogRow(pgInfo, schema, 'wide');
    writeFile(
      dir,
      'models/wide.sql',
      `{{ config(materialized='stream_table', schedule='1m', indexes=[{'columns': ['g']}]) }}\nselect id, g, v / (id - id) as v from ${schema}.big\n`,
    );
    const r = await dbt.run(['run', '--select', 'wide', '--vars', '{mul: 2}']);
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toMatch(/division by zero/);
    expect((await catalogRow(pgInfo, schema, 'wide'))?.[names.st.id]).toBe(before?.[names.st.id]);
    expect(await current()).toBe(expected(2));
    expect(await leftovers()).toEqual([]);
    model();
  });

  it('keeps the old table when the swap cannot get its lock (a long reader), removes the new one and says why', async () => {
    const before = await catalogRow(pgInfo, schema, 'wide');
    const holder = await connect(pgInfo);
    try {
      await holder.query('begin');
      await holder.query(`select count(*) from ${relation}`);
      const r = await dbt.run(['run', '--select', 'wide', '--vars', '{mul: 3}']);
      expect(r.exitCode).not.toBe(0);
      expect(r.output).toMatch(
        /could not be swapped in: canceling statement due to lock timeout \(tried 3 times.*was left as it was, and .*wide__swap_\w+.*, built beside it, was removed/s,
      );
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    expect((await catalogRow(pgInfo, schema, 'wide'))?.[names.st.id]).toBe(before?.[names.st.id]);
    expect(await current()).toBe(expected(2));
    expect(await leftovers()).toEqual([]);
  });

  it('after a run killed during the swap: the old table is intact, and the next run removes what was left and swaps', async () => {
    const before = await catalogRow(pgInfo, schema, 'wide');
    const holder = await connect(pgInfo);
    const kill = new AbortController();
    let killed: Promise<unknown> = Promise.resolve();
    try {
      // a reader transaction holds the table, so the swap waits; dbt is killed once the build beside it is committed
      await holder.query('begin');
      await holder.query(`select count(*) from ${relation}`);
      let ended: string | undefined;
      killed = dbt.run(['run', '--select', 'wide', '--vars', '{mul: 3}'], {}, { cancelSignal: kill.signal }).then((r) => {
        ended = r.output;
      });
      await waitUntil('the build beside wide to be committed', async () => {
        if (ended !== undefined) throw new Error(`dbt ended before the build beside wide was committed:\n${ended}`);
        return (await leftovers()).length > 0 ? true : undefined;
      });
      kill.abort();
      await killed;
      // the server notices a killed client only when it next talks to it: end its session as a crash would
      await sql(pgInfo, `select pg_terminate_backend(pid) from pg_stat_activity where pid <> pg_backend_pid() and query like '%${SWAP_TAG}%'`);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    await waitUntil('the killed run to be gone', async () =>
      (await sql(pgInfo, `select 1 from pg_stat_activity where pid <> pg_backend_pid() and query like '%${SWAP_TAG}%' and state <> 'idle'`)).length === 0
        ? true
        : undefined,
    );
    expect((await catalogRow(pgInfo, schema, 'wide'))?.[names.st.id]).toBe(before?.[names.st.id]);
    expect(await current()).toBe(expected(2));
    expect((await leftovers()).length).toBeGreaterThan(0);
    const r = await dbt.ok(['run', '--select', 'wide', '--vars', '{mul: 3}']);
    expect(r.output).toMatch(/swapped in/);
    expect(await current()).toBe(expected(3));
    expect(await leftovers()).toEqual([]);
  });

  it('removes a leftover even when the next run changes nothing', async () => {
    // what a run killed after the build leaves: a stream table at the model's temporary name
    const tmp = (await sql<{ n: string }>(pgInfo, `select 'wide__swap_' || left(md5('wide'), 8) as n`))[0]?.n ?? '';
    await sql(pgInfo, `select ${names.create}($1, $2, $3, 'FULL', false)`, [
      `${schema}.${tmp}`,
      `select id from ${schema}.big`,
      target.schedule.calculatedKeyword ?? null,
    ]);
    expect(await leftovers()).toEqual([tmp, tmp]);
    const r = await dbt.ok(['run', '--select', 'wide', '--vars', '{mul: 3}']);
    expect(r.output).toContain(`"${schema}"."${tmp}", left by an interrupted replace`);
    expect(r.results.find((x) => x.unique_id.endsWith('.wide'))?.message).toBe('NOOP stream table');
    expect(await leftovers()).toEqual([]);
    expect(await leftoverFunctions()).toEqual([]);
  });

  it('with initialize=false swaps in an unpopulated table, as create would leave it', async () => {
    model(', initialize=false');
    const r = await dbt.ok(['run', '--select', 'wide', '--vars', '{mul: 4}']);
    expect(r.output).toMatch(/swapped in/);
    const row = await catalogRow(pgInfo, schema, 'wide');
    expect([row?.status, row?.is_populated]).toEqual(['INITIALIZING', false]);
    expect(await current()).toBe('0/null');
    expect(await leftovers()).toEqual([]);
    model();
    await dbt.ok(['run', '--select', 'wide', '--vars', '{mul: 2}', '--full-refresh']);
    expect(await current()).toBe(expected(2));
  });

  it('with swap_on_replace=false replaces by drop and create in one statement, as before', async () => {
    const before = await catalogRow(pgInfo, schema, 'wide');
    model(', swap_on_replace=false');
    const r = await dbt.ok(['run', '--select', 'wide', '--vars', '{mul: 1}']);
    expect(r.output).toMatch(/replaced stream table .*wide: query changed/);
    expect(r.output).not.toMatch(/swapped in/);
    expect((await catalogRow(pgInfo, schema, 'wide'))?.[names.st.id]).not.toBe(before?.[names.st.id]);
    expect(await current()).toBe(expected(1));
    expect(await leftovers()).toEqual([]);
    model();
  });
});
