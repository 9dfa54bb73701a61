import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { targetNames } from '../../harness/catalog.ts';
import { dbtRunner } from '../../harness/dbt.ts';
import { catalogRowsInSchema, dropSchema, sql } from '../../harness/pg.ts';
import { copyIntegrationProject, writeFile } from '../../harness/project.ts';

const names = targetNames();

const pg = inject('pg');
const backend = inject('backend');
const MODELS = 200;

describe.each(inject('dbtMinors'))(`threads and concurrent runs on dbt %s (${backend.label})`, (minor) => {
  const schema = `cc_${minor.replace('.', '_')}`;
  const dir = copyIntegrationProject(`concurrency-${minor}`);
  const dbt = dbtRunner(minor, dir, schema, pg);

  beforeAll(async () => {
    await dropSchema(pg, schema);
    await dbt.ok(['deps']);
    await dbt.ok(['seed']);
    for (let i = 0; i < MODELS; i++) {
      writeFile(
        dir,
        `models/many/st_${String(i).padStart(3, '0')}.sql`,
        `{{ config(materialized='stream_table', schedule='${1 + (i % 5)}m') }}\nselect customer_id, count(*) as n, ${i} as k from {{ ref('raw_orders') }} group by customer_id\n`,
      );
    }
  });
  afterAll(async () => {
    await dropSchema(pg, schema);
  });

  it(`creates ${MODELS} stream tables over one source with --threads 8, then re-runs them as no-ops`, async () => {
    const r = await dbt.ok(['run', '--threads', '8', '--select', 'path:models/many']);
    expect(r.results.filter((x) => x.unique_id.startsWith('model.') && x.status !== 'success')).toEqual([]);
    const rows = await catalogRowsInSchema(pg, schema);
    expect(rows).toHaveLength(MODELS);
    expect(rows.every((x) => x.status === 'ACTIVE' && x.is_populated)).toBe(true);
    const again = await dbt.ok(['run', '--threads', '8', '--select', 'path:models/many']);
    expect(again.output.match(/left unchanged stream table/g)).toHaveLength(MODELS);
    expect((await catalogRowsInSchema(pg, schema)).map((x) => x[names.st.id])).toEqual(rows.map((x) => x[names.st.id]));
  });

  it('ends two simultaneous runs of the same project in a consistent catalog, with clear errors at worst', async () => {
    await sql(
      pg,
      `select ${names.drop}(${names.st.schema} || '.' || ${names.st.name}) from ${names.st.qualified} where ${names.st.schema} = $1 and ${names.st.name} like 'st_0%'`,
      [schema],
    );
    const sel = ['run', '--threads', '4', '--select', 'path:models/many'];
    // two invocations of one project need their own target and log paths (dbt writes run results and its parse cache there)
    const [a, b] = await Promise.all([
      dbt.run(sel, { DBT_TARGET_PATH: 'target_a', DBT_LOG_PATH: 'logs_a' }),
      dbt.run(sel, { DBT_TARGET_PATH: 'target_b', DBT_LOG_PATH: 'logs_b' }),
    ]);
    expect(a.results.length + b.results.length, 'both runs wrote their results').toBeGreaterThan(0);
    for (const run of [a, b]) {
      for (const res of run.results.filter((x) => x.status === 'error')) {
        expect(res.message ?? '').toMatch(/stream table already exists|already exists/);
      }
    }
    const rows = await catalogRowsInSchema(pg, schema);
    expect(rows).toHaveLength(MODELS);
    for (const row of rows.filter((x) => String(x[names.st.name]).startsWith('st_0'))) {
      expect(row).toMatchObject({ status: 'ACTIVE', is_populated: true });
      const n = await sql<{ n: number }>(pg, `select count(*)::int as n from "${schema}"."${String(row[names.st.name])}"`);
      expect(n[0]?.n, String(row[names.st.name])).toBeGreaterThan(0);
    }
  });
});
