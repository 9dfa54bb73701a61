/**
 * The generated API wrappers of functions that return something: a value (get_staleness) and rows (the target's
 * status function: pgs_status, pgt_status), run as a user would, with dbt run-operation, against the stream table the
 * integration project builds.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { targetNames } from '../../harness/catalog.ts';
import { dbtRunner } from '../../harness/dbt.ts';
import { dropSchema, sql } from '../../harness/pg.ts';
import { copyIntegrationProject } from '../../harness/project.ts';
import { selectedTarget } from '../../harness/target.ts';

const names = targetNames();
const target = selectedTarget();
const p = target.package.macroPrefix;
/** The wrapped function that lists every stream table with its status (found by its shape in the spec). */
const statusFn = target.functions.find(
  (f) =>
    f.wrapped &&
    f.args.length === 0 &&
    f.returns.kind === 'table' &&
    ['name', 'status', 'refresh_mode'].every((c) => f.returns.kind === 'table' && f.returns.columns.some((x) => x.name === c)),
)?.name;
if (statusFn === undefined) throw new Error(`${target.extension.name} has no wrapped status function in its spec`);

const pg = inject('pg');
const backend = inject('backend');

describe.each(inject('dbtMinors'))(`API wrappers that return a value or rows on dbt %s (${backend.label})`, (minor) => {
  const schema = `api_${minor.replace('.', '_')}`;
  const dir = copyIntegrationProject(`api-${minor}`);
  const dbt = dbtRunner(minor, dir, schema, pg);
  const lines = (output: string, marker: string) =>
    output
      .split('\n')
      .map((l) => l.replace(/^\S+\s+/, ''))
      .filter((l) => l.startsWith(marker));

  beforeAll(async () => {
    await dropSchema(pg, schema);
    await dbt.ok(['deps']);
    await dbt.ok(['seed']);
    await dbt.ok(['run', '--select', 'order_totals']);
  });
  afterAll(async () => {
    await dropSchema(pg, schema);
  });

  it(`${p}_get_staleness logs and returns the value a direct call gives`, async () => {
    const r = await dbt.ok(['run-operation', `${p}_get_staleness`, '--args', `{name: ${schema}.order_totals}`]);
    const [line] = lines(r.output, `${target.package.name}: ${names.fn('get_staleness')}(${schema}.order_totals) = `);
    const seconds = Number(line?.split(' = ')[1]);
    expect(Number.isFinite(seconds), r.output).toBe(true);
    expect(seconds).toBeGreaterThanOrEqual(0);
    // the same value as a direct call, give or take the time between the two
    const direct = (await sql<{ s: number }>(pg, `select ${names.fn('get_staleness')}($1) as s`, [`${schema}.order_totals`]))[0]?.s ?? -1;
    expect(Math.abs(direct - seconds)).toBeLessThan(120);
  });

  it(`${p}_${statusFn} logs one line per stream table, with its columns`, async () => {
    const r = await dbt.ok(['run-operation', `${p}_${statusFn}`]);
    const count = Number(new RegExp(`${names.fn(statusFn).replace('.', '\\.')}\\(\\): (\\d+) row\\(s\\)`).exec(r.output)?.[1]);
    const rows = await sql<{ n: number }>(pg, `select count(*)::int as n from ${names.fn(statusFn)}()`);
    expect(count).toBe(rows[0]?.n);
    const ours = lines(r.output, `${target.package.name}:   `).find((l) => l.includes(`name=${schema}.order_totals,`));
    expect(ours, r.output).toMatch(/status=ACTIVE, refresh_mode=DIFFERENTIAL, is_populated=True/);
  });
});
