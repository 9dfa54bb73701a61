/**
 * npm run demo: the plan's example project (its appendix) through the whole stream-table lifecycle on the
 * embedded PostgreSQL 18 (or PG* / testcontainers, as the tests choose), printing what dbt did and what
 * pg_stream's catalog shows after each step, then a summary table. Says whether pg_stream is real or the emulator.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DbtResult } from '../harness/dbt.ts';
import { dbtRunner } from '../harness/dbt.ts';
import { pinFor, readDbtVersions } from '../harness/dbt-versions.ts';
import { ROOT } from '../harness/paths.ts';
import { catalogRow, sql } from '../harness/pg.ts';
import { PACKAGE_DIR } from '../harness/project.ts';
import { startServer } from '../harness/server.ts';

const minor = process.env.DBT_VERSION ?? readDbtVersions().default;
const schema = 'demo';
const dir = join(ROOT, 'integration_tests', '.work', 'demo');
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'models', 'marts'), { recursive: true });
const files: Record<string, string> = {
  'dbt_project.yml': "name: demo\nversion: '1.0'\nconfig-version: 2\nprofile: demo\nmodel-paths: ['models']\n",
  'packages.yml': `packages:\n  - local: ${JSON.stringify(PACKAGE_DIR)}\n`,
  'profiles.yml': [
    'demo:',
    '  target: default',
    '  outputs:',
    '    default:',
    '      type: postgres',
    `      host: "{{ env_var('PGHOST') }}"`,
    `      port: "{{ env_var('PGPORT') | as_number }}"`,
    `      user: "{{ env_var('PGUSER') }}"`,
    `      password: "{{ env_var('PGPASSWORD') }}"`,
    `      dbname: "{{ env_var('PGDATABASE') }}"`,
    `      schema: ${schema}`,
    '      threads: 1',
    '',
  ].join('\n'),
  'models/sources.yml': `version: 2\nsources:\n  - name: raw\n    schema: ${schema}\n    tables:\n      - name: orders\n`,
  'models/marts/schema.yml': 'version: 2\nmodels:\n  - name: order_totals\n    columns:\n      - name: customer_id\n        tests: [not_null, unique]\n',
};
const model = (schedule: string, extra = '') =>
  `{{\n  config(\n    materialized='stream_table',\n    schedule='${schedule}',\n    refresh_mode='DIFFERENTIAL'\n  )\n}}\n\nSELECT\n    customer_id,\n    SUM(amount) AS total_amount,\n    COUNT(*) AS order_count\nFROM {{ source('raw', 'orders') }}\n${extra}GROUP BY customer_id\n`;
for (const [p, c] of Object.entries(files)) writeFileSync(join(dir, p), c);
writeFileSync(join(dir, 'models/marts/order_totals.sql'), model('5m'));

const server = await startServer();
const pg = server.connection;
const dbt = dbtRunner(minor, dir, schema, pg);
const summary: { step: string; dbt: string; pgs_id: string; status: string; schedule: string; rows: string }[] = [];
const banner = [
  `dbt-pgstream demo on ${server.provider} PostgreSQL ${server.postgresVersion}`,
  `pg_stream: ${server.backend.label}`,
  `dbt: dbt-core ${pinFor(minor).packages['dbt-core']} + dbt-postgres ${pinFor(minor).packages['dbt-postgres']}`,
  ...server.notes.map((n) => `note: ${n}`),
];
console.log(`\n${banner.join('\n')}\n`);

async function step(name: string, args: string[] | null, expectFailure = false): Promise<DbtResult | undefined> {
  let result: DbtResult | undefined;
  let what = '(no dbt)';
  if (args) {
    result = await dbt.run(args);
    if ((result.exitCode !== 0) !== expectFailure) {
      console.error(result.output);
      throw new Error(`demo step '${name}' (dbt ${args.join(' ')}) exited ${result.exitCode}`);
    }
    const lines = result.output.split('\n').filter((l) => /dbt-pgstream:|OK created|ERROR|PASS=|Completed/.test(l));
    what = `dbt ${args.join(' ')} → exit ${result.exitCode}`;
    console.log(`▶ ${name}\n  ${what}`);
    for (const l of lines.slice(0, 8)) console.log(`    ${l.replace(/^\S+\s+/, '')}`);
  } else {
    console.log(`▶ ${name}`);
  }
  const row = await catalogRow(pg, schema, 'order_totals');
  const rows = row ? String((await sql<{ n: number }>(pg, `select count(*)::int as n from ${schema}.order_totals`))[0]?.n ?? 0) : '-';
  console.log(
    row
      ? `  catalog: pgs_id=${row.pgs_id} status=${row.status} schedule=${row.schedule ?? 'CALCULATED'} mode=${row.refresh_mode} populated=${row.is_populated} rows=${rows}`
      : '  catalog: no stream table',
  );
  summary.push({
    step: name,
    dbt: args ? `exit ${result?.exitCode}` : '-',
    pgs_id: row?.pgs_id ?? '-',
    status: row?.status ?? '-',
    schedule: row ? (row.schedule ?? 'CALCULATED') : '-',
    rows,
  });
  return result;
}

try {
  await sql(
    pg,
    `drop schema if exists ${schema} cascade; create schema ${schema};
    CREATE TABLE ${schema}.orders (id SERIAL PRIMARY KEY, customer_id INT NOT NULL, amount NUMERIC(10,2) NOT NULL, created_at TIMESTAMPTZ DEFAULT now());
    INSERT INTO ${schema}.orders (customer_id, amount) VALUES (100, 29.99), (101, 49.50), (100, 15.00), (102, 99.99), (101, 25.00);`,
  );
  await step('install the package', ['deps']);
  await step('first run: create the stream table', ['run']);
  await step('test: it is a normal heap table', ['test']);
  await step('re-run unchanged: no work', ['run']);
  writeFileSync(join(dir, 'models/marts/order_totals.sql'), model('10m'));
  await step('schedule 5m → 10m: altered in place', ['run']);
  writeFileSync(join(dir, 'models/marts/order_totals.sql'), model('10m', 'WHERE amount > 20\n'));
  await step('query changed: replaced atomically', ['run']);
  await sql(pg, `INSERT INTO ${schema}.orders (customer_id, amount) VALUES (103, 42.00)`);
  await step('new order, then manual refresh', ['run-operation', 'pgstream_refresh', '--args', '{model_name: order_totals}']);
  await step('freshness check', ['run-operation', 'pgstream_check_freshness']);
  // The scheduler refreshes a stale table at its next tick; under a '1d' schedule, an hour old is not due yet.
  writeFileSync(join(dir, 'models/marts/order_totals.sql'), model('1d', 'WHERE amount > 20\n'));
  await step('schedule 10m → 1d: altered in place', ['run']);
  await sql(pg, `update pgstream.pgs_stream_tables set data_timestamp = now() - interval '1 hour' where pgs_schema = '${schema}'`);
  await step('freshness check after an hour without refresh: fails', ['run-operation', 'pgstream_check_freshness'], true);
  await step('teardown: drop_all_stream_tables', ['run-operation', 'drop_all_stream_tables']);
  console.log(`\nSummary (${server.backend.kind === 'emulator' ? 'pg_stream EMULATOR, not the real extension' : server.backend.label}):`);
  console.table(summary);
} finally {
  await server.stop();
}
