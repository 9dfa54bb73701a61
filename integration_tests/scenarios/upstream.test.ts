/**
 * A project written for upstream's dbt-pgtrickle 0.15 (its config keys and project-level defaults, its run-operation
 * and test names and arguments, `dbt_pgtrickle.` references from its own macros) switched to dbt-pgtrickle without a
 * change: it runs, re-runs as no-ops and tests green; what upstream's package got wrong (docs/pgtrickle-observed.md,
 * "Its weak points") is right here; what dbt-pgtrickle does not have fails with one line naming the replacement, before
 * anything in the database changes. spec/pgtrickle/predecessor.ts lists the differences this shows (the README's
 * "Coming from upstream's dbt-pgtrickle" table).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { targetNames } from '../../harness/catalog.ts';
import { dbtRunner } from '../../harness/dbt.ts';
import { catalogRow, catalogRowsInSchema, dropSchema, sql } from '../../harness/pg.ts';
import { copyIntegrationProject, readFile, removeFile, writeFile } from '../../harness/project.ts';
import { selectedTarget, skippedOnTarget } from '../../harness/target.ts';

const names = targetNames();
const target = selectedTarget();
const pg = inject('pg');
const backend = inject('backend');

const skip = skippedOnTarget(['pgtrickle'], "it runs a project written for upstream's dbt-pgtrickle");
const skipNote = skip ? ` (${skip})` : '';

/** The project, as upstream's README writes one (its Quick Start, fuse and project-level defaults examples). */
const PROJECT = `name: shop
version: '1.0.0'
config-version: 2
profile: integration_tests
seeds:
  shop:
    raw_orders:
      +column_types:
        id: integer
        customer_id: integer
        amount: numeric(10,2)
        created_at: timestamptz
models:
  shop:
    marts:
      +materialized: stream_table
      +schedule: '5m'
      +refresh_mode: DIFFERENTIAL
`;

const ORDER_TOTALS = `{{ config(
    materialized='stream_table',
    schedule='5m',
    refresh_mode='DIFFERENTIAL',
    fuse='auto',
    fuse_ceiling=50000,
    fuse_sensitivity=3
) }}

SELECT
    customer_id,
    SUM(amount) AS total_amount,
    COUNT(*) AS order_count
FROM {{ ref('raw_orders') }}
GROUP BY customer_id
`;

/** A stream table over a stream table, on pg_trickle's CALCULATED schedule (upstream: \`schedule: null\`). */
const BIG_CUSTOMERS = `{{ config(materialized='stream_table', schedule=none, refresh_mode='FULL') }}

SELECT customer_id, total_amount FROM {{ ref('order_totals') }} WHERE order_count > 1
`;

const SCHEMA_YML = `version: 2
models:
  - name: order_totals
    columns:
      - name: customer_id
        tests:
          - not_null
          - unique
    tests:
      - dbt_pgtrickle.stream_table_healthy:
          warn_seconds: "{{ var('warn_seconds', 300) }}"
  - name: big_customers
    tests:
      - dbt_pgtrickle.stream_table_healthy
`;

/** A macro of the project's own that uses upstream's catalog macros by name, as its README shows. */
const SHOW_INFO = `{% macro show_info(name) %}
  {% set info = dbt_pgtrickle.pgtrickle_get_stream_table_info(name) %}
  {% do log('info: ' ~ tojson({'status': info.status, 'refresh_mode': info.refresh_mode, 'schedule': info.schedule,
      'exists': dbt_pgtrickle.pgtrickle_stream_table_exists(name), 'nope': dbt_pgtrickle.pgtrickle_stream_table_exists('nope')}), info=true) %}
{% endmacro %}
`;

describe.skipIf(skip !== undefined).each(inject('dbtMinors'))(
  `a project written for upstream's dbt-pgtrickle on dbt %s (${backend.label})${skipNote}`,
  (minor) => {
    const schema = `ups_${minor.replace('.', '_')}`;
    const dir = copyIntegrationProject(`upstream-${minor}`);
    const dbt = dbtRunner(minor, dir, schema, pg);
    const message = (r: Awaited<ReturnType<typeof dbt.run>>, name: string) => r.results.find((x) => x.unique_id.endsWith(`.${name}`))?.message;
    /** The `problem` column of a test's rows, by running the SQL dbt compiled for it. */
    const compiled = 'target/compiled/shop/models/marts/schema.yml';
    const problems = async (test: string) => (await sql<{ problem: string }>(pg, readFile(dir, `${compiled}/${test}.sql`))).map((row) => row.problem);
    /** dbt names the test with arguments by a hash: the healthy test that is not big_customers'. */
    const healthyOrderTotals = () =>
      (readdirSync(join(dir, compiled)).find((f) => f.startsWith('dbt_pgtrickle_stream_table_hea') && !f.includes('big_customers')) ?? 'not compiled').replace(
        /\.sql$/,
        '',
      );
    const failed = (r: Awaited<ReturnType<typeof dbt.run>>) => r.results.filter((x) => x.status === 'fail' || x.status === 'error').map((x) => x.unique_id);

    beforeAll(async () => {
      await dropSchema(pg, schema);
      // the generated integration project becomes upstream's kind of project: its dbt_project.yml, models and tests
      for (const f of [
        'models/marts/order_totals.sql',
        'models/marts/schema.yml',
        'tests/assert_no_errors.sql',
        'tests/assert_totals_correct.sql',
        'macros/dispatch_override.sql',
      ])
        removeFile(dir, f);
      writeFile(dir, 'dbt_project.yml', PROJECT);
      writeFile(dir, 'models/marts/order_totals.sql', ORDER_TOTALS);
      writeFile(dir, 'models/marts/big_customers.sql', BIG_CUSTOMERS);
      writeFile(dir, 'models/marts/schema.yml', SCHEMA_YML);
      writeFile(dir, 'macros/show_info.sql', SHOW_INFO);
      await dbt.ok(['deps']);
      await dbt.ok(['seed']);
    });
    afterAll(async () => {
      await dropSchema(pg, schema);
    });

    it('runs unchanged: creates both stream tables with its config keys, re-runs them as no-ops, and its tests pass', async () => {
      const created = await dbt.ok(['run']);
      expect(message(created, 'order_totals')).toBe('CREATE stream table');
      expect(message(created, 'big_customers')).toBe('CREATE stream table');
      expect(await catalogRow(pg, schema, 'order_totals')).toMatchObject({
        schedule: '5m',
        refresh_mode: 'DIFFERENTIAL',
        status: 'ACTIVE',
        fuse_mode: 'auto',
        fuse_sensitivity: 3,
      });
      expect(String((await catalogRow(pg, schema, 'order_totals'))?.fuse_ceiling)).toBe('50000');
      expect(await catalogRow(pg, schema, 'big_customers')).toMatchObject({ schedule: null, refresh_mode: 'FULL', status: 'ACTIVE', is_populated: true });
      // upstream's package fails every re-run of a model with a fuse key (T1)
      const again = await dbt.ok(['run']);
      expect(message(again, 'order_totals')).toBe('NOOP stream table');
      expect(message(again, 'big_customers')).toBe('NOOP stream table');
      const tested = await dbt.ok(['test']);
      expect(tested.results.filter((x) => x.unique_id.startsWith('test.'))).toHaveLength(4);
      expect(failed(tested)).toEqual([]);
    });

    it("takes its run-operations' arguments: pgtrickle_refresh with schema, refresh_all_stream_tables with schema, drain, CDC health, freshness", async () => {
      const before = (await catalogRow(pg, schema, 'order_totals'))?.last_refresh_at;
      const one = await dbt.ok(['run-operation', 'pgtrickle_refresh', '--args', `{model_name: order_totals, schema: ${schema}}`]);
      expect(one.output).toContain(`refreshed stream table ${schema}.order_totals`);
      expect((await catalogRow(pg, schema, 'order_totals'))?.last_refresh_at).not.toEqual(before);

      const all = await dbt.ok(['run-operation', 'refresh_all_stream_tables', '--args', `{schema: ${schema}}`]);
      const at = (name: string) => all.output.indexOf(`${schema}.${name}`);
      expect(at('order_totals')).toBeGreaterThan(-1);
      expect(at('big_customers')).toBeGreaterThan(at('order_totals'));
      const elsewhere = await dbt.ok(['run-operation', 'refresh_all_stream_tables', '--args', '{schema: no_such_schema}']);
      expect(elsewhere.output).toContain('no stream_table models to refresh');

      // upstream's pgtrickle_drain fails: function pgtrickle.drain(timeout => integer) does not exist
      await dbt.ok(['run-operation', 'pgtrickle_drain', '--args', '{timeout_s: 5}']);
      // upstream's prints "CDC: . <- .<table> [TRIGGER] buffer=" and cannot fail
      const cdc = await dbt.ok(['run-operation', 'pgtrickle_check_cdc_health']);
      expect(cdc.output).toContain(`${schema}.raw_orders`);
      await dbt.ok(['run-operation', 'pgtrickle_check_freshness', '--args', '{warn_seconds: 300, error_seconds: 900}']);
    });

    it("serves its own macros that call upstream's catalog macros by name, and the API macros by keyword", async () => {
      const shown = await dbt.ok(['run-operation', 'show_info', '--args', '{name: order_totals}']);
      expect(shown.output).toMatch(/info: \{"status": "ACTIVE", "refresh_mode": "DIFFERENTIAL", "schedule": "5m", "exists": true, "nope": false\}/);
      const qualified = await dbt.ok(['run-operation', 'show_info', '--args', `{name: ${schema}.big_customers}`]);
      expect(qualified.output).toContain('"refresh_mode": "FULL"');

      await dbt.ok(['run-operation', 'pgtrickle_alter_stream_table', '--args', `{name: ${schema}.order_totals, schedule: 10m}`]);
      expect(await catalogRow(pg, schema, 'order_totals')).toMatchObject({ schedule: '10m' });
      // the model still says 5m: the next run puts it back, in place
      const back = await dbt.ok(['run', '--select', 'order_totals']);
      expect(message(back, 'order_totals')).toBe("ALTER stream table (schedule '10m' -> '5m')");
    });

    it("fails its tests and freshness check where upstream's passed: a dropped, a SUSPENDED and a stale stream table", async () => {
      await sql(pg, `select ${names.drop}($1)`, [`${schema}.big_customers`]);
      const missing = await dbt.run(['test', '--select', 'big_customers']);
      expect(missing.exitCode).not.toBe(0);
      expect(failed(missing)).toHaveLength(1);
      expect(await problems('dbt_pgtrickle_stream_table_healthy_big_customers_')).toEqual([`missing: no relation at ${schema}.big_customers`]);
      await dbt.ok(['run', '--select', 'big_customers']);

      await sql(pg, `select ${names.alter}($1, status => 'SUSPENDED')`, [`${schema}.order_totals`]);
      const suspended = await dbt.run(['test', '--select', 'order_totals']);
      expect(suspended.exitCode).not.toBe(0);
      expect(failed(suspended)).toHaveLength(1);
      expect(await problems(healthyOrderTotals())).toEqual(['status SUSPENDED']);
      const freshness = await dbt.run(['run-operation', 'pgtrickle_check_freshness']);
      expect(freshness.exitCode).not.toBe(0);
      expect(freshness.output).toMatch(/order_totals.*SUSPENDED/);
      await sql(pg, `select ${names.alter}($1, status => 'ACTIVE')`, [`${schema}.order_totals`]);

      await new Promise((r) => setTimeout(r, 2_100));
      const stale = await dbt.run(['test', '--select', 'order_totals', '--vars', '{warn_seconds: 1}']);
      expect(stale.exitCode).not.toBe(0);
      expect(failed(stale)).toHaveLength(1);
      expect((await problems(healthyOrderTotals()))[0]).toMatch(/^stale: last refreshed \d+ s ago, more than warn_seconds \(1\)$/);
      await dbt.ok(['test', '--select', 'order_totals']);
    });

    it('replaces on --full-refresh a stream table that another one reads, keeping the reader (upstream fails there)', async () => {
      const reader = await catalogRow(pg, schema, 'big_customers');
      const old = await catalogRow(pg, schema, 'order_totals');
      const r = await dbt.ok(['run', '--select', 'order_totals', '--full-refresh']);
      expect(message(r, 'order_totals')).toContain('REPLACE stream table');
      expect((await catalogRow(pg, schema, 'order_totals'))?.[names.st.id]).not.toBe(old?.[names.st.id]);
      expect((await catalogRow(pg, schema, 'big_customers'))?.[names.st.id]).toBe(reader?.[names.st.id]);
      await dbt.ok(['run-operation', 'refresh_all_stream_tables']);
      expect(failed(await dbt.ok(['test']))).toEqual([]);
    });

    it('fails with one line naming the replacement, before any statement: its retired macros and its name/schema keys', async () => {
      for (const retired of target.predecessor?.retiredMacros ?? []) {
        const r = await dbt.run(['run-operation', retired.name, '--args', '{name: order_totals, warn_seconds: 300}']);
        expect(r.exitCode, retired.name).not.toBe(0);
        expect(r.output, retired.name).toContain(
          `${target.package.name}: ${retired.name} is a macro of upstream's dbt-pgtrickle 0.15 that ${target.package.name} does not have: `,
        );
      }
      expect(target.predecessor?.retiredMacros.length).toBe(5);

      // called from a model's SQL: the run stops before the model's statements
      writeFile(
        dir,
        'models/marts/status_report.sql',
        "{% set st = dbt_pgtrickle.pgtrickle_stream_table_status('order_totals', warn_seconds=300) %}\nselect 1 as one\n",
      );
      const fromModel = await dbt.run(['run', '--select', 'status_report']);
      expect(fromModel.exitCode).not.toBe(0);
      expect(fromModel.output).toContain('pgtrickle_stream_table_status is a macro of');
      removeFile(dir, 'models/marts/status_report.sql');
      expect(
        await sql(pg, 'select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2', [
          schema,
          'status_report',
        ]),
      ).toEqual([]);

      writeFile(dir, 'models/marts/renamed.sql', "{{ config(stream_table_name='elsewhere') }}\nselect customer_id from {{ ref('raw_orders') }}\n");
      const renamed = await dbt.run(['run', '--select', 'renamed']);
      expect(renamed.exitCode).not.toBe(0);
      expect(renamed.output).toContain(
        "stream_table_name is not supported: ref() to this model would point at a relation that is not the stream table. Set alias='<name>' instead",
      );
      removeFile(dir, 'models/marts/renamed.sql');
      expect((await catalogRowsInSchema(pg, schema)).map((row) => row[names.st.name]).sort()).toEqual(['big_customers', 'order_totals']);
    });
  },
);
