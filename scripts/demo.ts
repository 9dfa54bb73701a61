/**
 * npm run demo [-- --target <id>]: the plan's example project (its appendix) through the whole stream-table lifecycle
 * on the embedded PostgreSQL 18 (or PG* / testcontainers, as the tests choose), printing what dbt did and what the
 * extension's catalog shows after each step, then a summary table. Says whether the extension is real or the emulator.
 * The target (spec/index.ts: pgstream, pgtrickle) is --target, else PGSTREAM_TARGET, else the first.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DbtResult } from '../harness/dbt.ts';

const { values: cli } = parseArgs({ options: { target: { type: 'string' } } });
// the harness reads the target when its modules load: set it first, then load them
if (cli.target !== undefined) process.env.PGSTREAM_TARGET = cli.target;
const { dbtRunner } = await import('../harness/dbt.ts');
const { pinFor, readDbtVersions } = await import('../harness/dbt-versions.ts');
const { ROOT } = await import('../harness/paths.ts');
const { catalogRow, sql } = await import('../harness/pg.ts');
const { PACKAGE_DIR, profileYaml } = await import('../harness/project.ts');
const { startServer } = await import('../harness/server.ts');
const { selectedTarget } = await import('../harness/target.ts');
const { targetNames } = await import('../harness/catalog.ts');
const target = selectedTarget();
const names = targetNames(target);
const { title } = target.extension;
const p = target.package.macroPrefix;

const minor = process.env.DBT_VERSION ?? readDbtVersions().default;
const schema = 'demo';
const dir = join(ROOT, 'integration_tests', '.work', 'demo');
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'models', 'marts'), { recursive: true });
const files: Record<string, string> = {
  'dbt_project.yml': "name: demo\nversion: '1.0'\nconfig-version: 2\nprofile: demo\nmodel-paths: ['models']\n",
  'packages.yml': `packages:\n  - local: ${JSON.stringify(PACKAGE_DIR)}\n`,
  'profiles.yml': profileYaml('demo', { schema }),
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
const summary: { step: string; dbt: string; id: string; status: string; schedule: string; rows: string }[] = [];
const banner = [
  `${target.package.name} demo on ${server.provider} PostgreSQL ${server.postgresVersion}`,
  `${title}: ${server.backend.label}`,
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
    const lines = result.output.split('\n').filter((l) => l.includes(`${target.package.name}:`) || /OK created|ERROR|PASS=|Completed/.test(l));
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
      ? `  catalog: ${names.st.id}=${String(row[names.st.id])} status=${row.status} schedule=${row.schedule ?? 'CALCULATED'} mode=${row.refresh_mode} populated=${row.is_populated} rows=${rows}`
      : '  catalog: no stream table',
  );
  summary.push({
    step: name,
    dbt: args ? `exit ${result?.exitCode}` : '-',
    id: row ? String(row[names.st.id]) : '-',
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
  await step('new order, then manual refresh', ['run-operation', `${p}_refresh`, '--args', '{model_name: order_totals}']);
  await step('freshness check', ['run-operation', `${p}_check_freshness`]);
  // The scheduler refreshes a stale table at its next tick; under a '1d' schedule, an hour old is not due yet.
  writeFileSync(join(dir, 'models/marts/order_totals.sql'), model('1d', 'WHERE amount > 20\n'));
  await step('schedule 10m → 1d: altered in place', ['run']);
  await sql(pg, `update ${names.st.qualified} set ${names.st.currentAsOf} = now() - interval '1 hour' where ${names.st.schema} = $1`, [schema]);
  await step('freshness check after an hour without refresh: fails', ['run-operation', `${p}_check_freshness`], true);
  await step('teardown: drop_all_stream_tables', ['run-operation', 'drop_all_stream_tables']);
  console.log(`\nSummary (${server.backend.kind === 'emulator' ? `${title} EMULATOR, not the real extension` : server.backend.label}):`);
  console.table(summary);
} finally {
  await server.stop();
}
