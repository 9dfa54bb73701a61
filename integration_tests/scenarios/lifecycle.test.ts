import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { targetNames } from '../../harness/catalog.ts';
import { dbtRunner } from '../../harness/dbt.ts';
import { catalogRow, catalogRowsInSchema, dropSchema, relationKind, sql, waitForSchedulerTick, waitPopulated, waitUntil } from '../../harness/pg.ts';
import { copyIntegrationProject, writeFile } from '../../harness/project.ts';
import { selectedTarget } from '../../harness/target.ts';

const names = targetNames();
const { package: pkg, schedule } = selectedTarget();
const p = pkg.macroPrefix;
/** When a catalog row says its data was current (the target's currentAsOf column), in ms; 0 for none. */
const asOf = (row: Record<string, unknown> | undefined): number => (row?.[names.st.currentAsOf] as Date | null | undefined)?.getTime() ?? 0;

const pg = inject('pg');
const backend = inject('backend');

const expectedTotals = `select customer_id, sum(amount) as total_amount, count(*) as order_count from raw_orders group by customer_id`;

describe.each(inject('dbtMinors'))(`stream table lifecycle on dbt %s (${backend.label})`, (minor) => {
  const schema = `lc_${minor.replace('.', '_')}`;
  const dir = copyIntegrationProject(`lifecycle-${minor}`);
  const dbt = dbtRunner(minor, dir, schema, pg);
  const totals = async () => await sql(pg, `select customer_id, total_amount, order_count from "${schema}".order_totals order by customer_id`);
  const expected = async () => await sql(pg, `${expectedTotals.replace('raw_orders', `"${schema}".raw_orders`)} order by customer_id`);

  beforeAll(async () => {
    await dropSchema(pg, schema);
    await dbt.ok(['deps']);
  });
  afterAll(async () => {
    await dropSchema(pg, schema);
  });

  it("runs the plan's flow: seed, run, test, full refresh, manual refresh, freshness, teardown", async () => {
    await dbt.ok(['seed']);
    const run = await dbt.ok(['run']);
    expect(run.output).toContain('created stream table');
    // the project's dispatch search order put its own override of a package macro first
    expect(run.output).toContain(`dispatch override of ${p}_check_environment is active`);
    const first = await catalogRow(pg, schema, 'order_totals');
    expect(first).toMatchObject({ status: 'ACTIVE', schedule: '1m', refresh_mode: 'DIFFERENTIAL' });
    // the generated polling script, against the real catalog
    const wait = await execa(join(dir, 'scripts', 'wait_for_populated.sh'), [`${schema}.order_totals`, '30'], {
      env: { PGHOST: pg.host, PGPORT: String(pg.port), PGUSER: pg.user, PGPASSWORD: pg.password, PGDATABASE: pg.database },
      reject: false,
    });
    expect(wait.exitCode, wait.stderr).toBe(0);
    expect(await totals()).toEqual(await expected());
    const test1 = await dbt.ok(['test']);
    const tests = test1.results.filter((r) => r.unique_id.startsWith('test.'));
    expect(tests.length).toBeGreaterThanOrEqual(6);
    expect(tests.filter((r) => r.status !== 'pass')).toEqual([]);

    const fr = await dbt.ok(['run', '--full-refresh']);
    expect(fr.output).toContain('full refresh');
    const second = await catalogRow(pg, schema, 'order_totals');
    expect(second?.[names.st.id]).not.toBe(first?.[names.st.id]);
    await waitPopulated(pg, schema, 'order_totals');
    await dbt.ok(['test']);

    // a new order reaches the stream table through the manual refresh operation
    await sql(pg, `insert into "${schema}".raw_orders (id, customer_id, amount, created_at) values (11, 104, 10.00, now())`);
    const before = await catalogRow(pg, schema, 'order_totals');
    await dbt.ok(['run-operation', `${p}_refresh`, '--args', '{model_name: order_totals}']);
    expect(await totals()).toEqual(await expected());
    expect(asOf(await catalogRow(pg, schema, 'order_totals'))).toBeGreaterThan(asOf(before));

    const fresh = await dbt.ok(['run-operation', `${p}_check_freshness`]);
    expect(fresh.output).toMatch(new RegExp(`OK +${schema}\\.order_totals`));

    const drop = await dbt.ok(['run-operation', 'drop_all_stream_tables']);
    expect(drop.output).toContain(`dropped stream table ${schema}.order_totals`);
    expect(await catalogRowsInSchema(pg, schema)).toEqual([]);
    expect(await relationKind(pg, schema, 'order_totals')).toBeUndefined();
    // the seed, which is no stream table, is untouched
    expect(await relationKind(pg, schema, 'raw_orders')).toBe('r');
  });

  it('freshness: stale and SUSPENDED stream tables are reported, and errors exit non-zero', async () => {
    // a '1h' schedule: the scheduler leaves a table that is 700 s or 2000 s old alone during this test
    await dbt.ok(['run', '--vars', '{order_totals_schedule: 1h}']);
    await sql(pg, `update ${names.st.qualified} set ${names.st.currentAsOf} = now() - interval '700 seconds' where ${names.st.schema} = $1`, [schema]);
    const warn = await dbt.run(['run-operation', `${p}_check_freshness`]);
    expect(warn.exitCode).toBe(0);
    expect(warn.output).toMatch(new RegExp(`WARN +${schema}\\.order_totals: stale`));

    await sql(pg, `update ${names.st.qualified} set ${names.st.currentAsOf} = now() - interval '2000 seconds' where ${names.st.schema} = $1`, [schema]);
    const err = await dbt.run(['run-operation', `${p}_check_freshness`]);
    expect(err.exitCode).not.toBe(0);
    expect(err.output).toMatch(new RegExp(`ERROR ${schema}\\.order_totals: stale`));
    const custom = await dbt.run(['run-operation', `${p}_check_freshness`, '--args', '{warn_seconds: 3000, error_seconds: 4000}']);
    expect(custom.exitCode).toBe(0);

    await sql(pg, `update ${names.st.qualified} set ${names.st.currentAsOf} = now(), status = 'SUSPENDED' where ${names.st.schema} = $1`, [schema]);
    const suspended = await dbt.run(['run-operation', `${p}_check_freshness`]);
    expect(suspended.exitCode).not.toBe(0);
    expect(suspended.output).toContain('status SUSPENDED');
  });

  it.skipIf(Number(minor.split('.')[1]) < 10)(
    `native dbt source freshness reads ${names.st.currentAsOf} through ${p}_loaded_at_query (skipped below dbt 1.10, which has no loaded_at_query)`,
    async () => {
      await dbt.ok(['run', '--select', 'order_totals', '--vars', '{order_totals_schedule: 1h}']);
      await sql(pg, `update ${names.st.qualified} set status = 'ACTIVE', ${names.st.currentAsOf} = now() where ${names.st.schema} = $1`, [schema]);
      writeFile(
        dir,
        'models/streams.yml',
        [
          'version: 2',
          'sources:',
          '  - name: streams',
          `    schema: ${schema}`,
          '    config:',
          `      loaded_at_query: "{{ ${pkg.projectName}.${p}_loaded_at_query(this) }}"`,
          '      freshness:',
          '        warn_after: {count: 10, period: minute}',
          '        error_after: {count: 30, period: minute}',
          '    tables:',
          '      - name: order_totals',
          '',
        ].join('\n'),
      );
      const ok = await dbt.run(['source', 'freshness']);
      expect(ok.exitCode, ok.output).toBe(0);
      expect(ok.results.map((r) => r.status)).toEqual(['pass']);
      await sql(
        pg,
        `update ${names.st.qualified} set ${names.st.currentAsOf} = now() - interval '50 minutes' where ${names.st.schema} = $1 and ${names.st.name} = 'order_totals'`,
        [schema],
      );
      const stale = await dbt.run(['source', 'freshness']);
      expect(stale.exitCode).not.toBe(0);
      expect(stale.results.map((r) => r.status)).toEqual(['error']);
      writeFile(dir, 'models/streams.yml', 'version: 2\n');
    },
  );

  it('schedules a table whose create transaction stayed open across a scheduler tick (the package re-signals the scheduler after commit)', async () => {
    // An inside-transaction post-hook keeps the create's transaction open for two seconds: at least one tick.
    // pg_stream 0.1.1 was observed (O7) never to schedule such a table; on the build this project tests against it
    // was picked up 2.4-3.3 s after commit without the re-signal and 0.9 s with it, so this checks the outcome only.
    writeFile(
      dir,
      'models/marts/slow_commit.sql',
      "{{ config(materialized='stream_table', schedule='1m', post_hook={'sql': 'select pg_sleep(2)', 'transaction': true}) }}\nselect customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n",
    );
    await dbt.ok(['run', '--select', 'slow_commit']);
    await sql(
      pg,
      `update ${names.st.qualified} set ${names.st.currentAsOf} = now() - interval '2 days' where ${names.st.schema} = $1 and ${names.st.name} = 'slow_commit'`,
      [schema],
    );
    await waitUntil(
      'the scheduler to refresh slow_commit, two days stale',
      async () => {
        const t = await catalogRow(pg, schema, 'slow_commit');
        return t && Date.now() - asOf(t) < 86_400_000 ? true : undefined;
      },
      20_000,
    );
  });

  it('initialize: false creates an unpopulated table that the scheduler leaves alone until a manual refresh', async () => {
    writeFile(
      dir,
      'models/marts/lazy_totals.sql',
      "{{ config(materialized='stream_table', initialize=false) }}\nselect customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n",
    );
    await dbt.ok(['run', '--select', 'lazy_totals']);
    expect(await catalogRow(pg, schema, 'lazy_totals')).toMatchObject({ status: 'INITIALIZING', is_populated: false });
    expect(await sql(pg, `select * from "${schema}".lazy_totals`)).toHaveLength(0);
    await waitForSchedulerTick(pg);
    expect(await catalogRow(pg, schema, 'lazy_totals')).toMatchObject({ status: 'INITIALIZING', is_populated: false });
    await dbt.ok(['run-operation', `${p}_refresh`, '--args', '{model_name: lazy_totals}']);
    expect(await catalogRow(pg, schema, 'lazy_totals')).toMatchObject({ status: 'ACTIVE', is_populated: true });
    const customers = await sql(pg, `select count(distinct customer_id)::int as n from "${schema}".raw_orders`);
    expect(customers[0]?.n).toBeGreaterThan(0);
    expect(await sql(pg, `select count(*)::int as n from "${schema}".lazy_totals`)).toEqual(customers);
  });

  it(`schedule: none creates a CALCULATED stream table that the scheduler ${schedule.calculatedBehaviour.refreshedByScheduler ? 'refreshes' : 'does not refresh once populated'}`, async () => {
    writeFile(
      dir,
      'models/marts/calc_totals.sql',
      "{{ config(materialized='stream_table', schedule=none) }}\nselect customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n",
    );
    writeFile(
      dir,
      'models/marts/timed_totals.sql',
      "{{ config(materialized='stream_table', schedule='1m') }}\nselect customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n",
    );
    await dbt.ok(['run', '--select', 'calc_totals', 'timed_totals']);
    expect(await catalogRow(pg, schema, 'calc_totals')).toMatchObject({ schedule: null, status: 'ACTIVE', is_populated: true });
    if (schedule.calculatedBehaviour.refreshedByScheduler) {
      // refreshed with its sources: a new customer's order reaches it without a manual refresh
      await sql(pg, `insert into "${schema}".raw_orders (id, customer_id, amount, created_at) values (901, 901, 1.00, now())`);
      await waitUntil('the scheduler to refresh the CALCULATED table calc_totals with its source', async () => {
        const rows = await sql(pg, `select 1 from "${schema}".calc_totals where customer_id = 901`);
        return rows.length > 0 ? true : undefined;
      });
      return;
    }
    // both two days stale: the scheduler refreshes the '1m' table at its next tick, and never the CALCULATED one
    await sql(
      pg,
      `update ${names.st.qualified} set ${names.st.currentAsOf} = now() - interval '2 days' where ${names.st.schema} = $1 and ${names.st.name} in ('calc_totals', 'timed_totals')`,
      [schema],
    );
    await waitUntil('the scheduler to refresh the stale 1m table timed_totals', async () => {
      const t = await catalogRow(pg, schema, 'timed_totals');
      return t && Date.now() - asOf(t) < 86_400_000 ? true : undefined;
    });
    await waitForSchedulerTick(pg);
    const calc = await catalogRow(pg, schema, 'calc_totals');
    expect(Date.now() - asOf(calc)).toBeGreaterThan(86_400_000);
  });
});
