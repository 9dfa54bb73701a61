import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { targetNames } from '../../harness/catalog.ts';
import { dbtRunner } from '../../harness/dbt.ts';
import { catalogRow, definition, dropSchema, sql } from '../../harness/pg.ts';
import { copyIntegrationProject, KEYED_ORDERS_MODEL, readFile, removeFile, writeFile } from '../../harness/project.ts';
import { selectedTarget } from '../../harness/target.ts';

const pg = inject('pg');
const backend = inject('backend');

const target = selectedTarget();
const names = targetNames();
const ID = names.st.id;
const PKG = target.package.name;
const PROJECT = `${target.package.projectName}_integration_tests`;
const TITLE_VERSION = `${target.extension.title} ${target.extension.version}`;
/** pg_stream refuses every * in a DIFFERENTIAL query; pg_trickle only alias.* (a maintained mode includes AUTO). */
const refusesPlainStar = target.id === 'pgstream';

describe.each(inject('dbtMinors'))(`changes to a stream table on dbt %s (${backend.label})`, (minor) => {
  const schema = `ch_${minor.replace('.', '_')}`;
  const dir = copyIntegrationProject(`changes-${minor}`);
  const dbt = dbtRunner(minor, dir, schema, pg);
  const row = async (name = 'order_totals') => await catalogRow(pg, schema, name);
  /** What dbt decides about a stream table (the scheduler moves the timestamps on its own). */
  const def = async (name = 'order_totals') => await definition(pg, schema, name);

  beforeAll(async () => {
    await dropSchema(pg, schema);
    await dbt.ok(['deps']);
    await dbt.ok(['seed']);
    await dbt.ok(['run']);
  });
  afterAll(async () => {
    await dropSchema(pg, schema);
  });

  it('applies schedule, refresh_mode and status changes in place (same id), and SUSPENDED/ACTIVE round-trips', async () => {
    const id = (await row())?.[ID];
    const steps: [string, Record<string, unknown>][] = [
      ['{order_totals_schedule: 5m}', { schedule: '5m', refresh_mode: 'DIFFERENTIAL', status: 'ACTIVE' }],
      ['{order_totals_schedule: 5m, order_totals_refresh_mode: full}', { schedule: '5m', refresh_mode: 'FULL', status: 'ACTIVE' }],
      ['{order_totals_schedule: 5m, order_totals_refresh_mode: FULL, order_totals_status: SUSPENDED}', { refresh_mode: 'FULL', status: 'SUSPENDED' }],
      [
        '{order_totals_schedule: "*/5 * * * *", order_totals_allow_cron: true, order_totals_refresh_mode: FULL, order_totals_status: active}',
        { schedule: '*/5 * * * *', status: 'ACTIVE' },
      ],
    ];
    for (const [vars, want] of steps) {
      const r = await dbt.ok(['run', '--vars', vars]);
      expect(r.output).toContain('altered stream table');
      expect(await row()).toMatchObject({ ...want, [ID]: id });
    }
    const again = await dbt.ok(['run', '--vars', steps[3]?.[0] ?? '']);
    expect(again.output).toContain('left unchanged');
  });

  it(`refuses a cron schedule without allow_cron_schedule (${TITLE_VERSION} would refresh it about every second), before any statement`, async () => {
    const before = await def();
    for (const cron of ['@daily', '*/5 * * * *']) {
      const r = await dbt.run(['run', '--vars', JSON.stringify({ order_totals_schedule: cron })]);
      expect(r.exitCode, cron).not.toBe(0);
      expect(r.output).toContain(
        `config 'schedule' = '${cron}' is a cron expression, and ${TITLE_VERSION} refreshes a stream table with a cron schedule on every scheduler tick, about `,
      );
      expect(r.output).toContain("Use a duration instead (for example '5m', '1h' or '1d'), or set allow_cron_schedule=true");
      expect(await def()).toEqual(before);
    }
  });

  it(`refuses ${refusesPlainStar ? '* and alias.*' : 'alias.*'} in a DIFFERENTIAL query before any statement (${TITLE_VERSION} breaks on ${refusesPlainStar ? 'them' : 'it'}), and builds count(*), products and FULL`, async () => {
    // over a copy of the seed with a primary key: pg_trickle's guards refuse a query that does not aggregate over a
    // table without one (T25), whatever its columns
    writeFile(dir, 'models/star/keyed_orders.sql', KEYED_ORDERS_MODEL);
    const cases: [string, string, string, boolean][] = [
      ['star_diff', "select * from {{ ref('keyed_orders') }}", 'DIFFERENTIAL', !refusesPlainStar],
      ['alias_star_diff', "select o.* from {{ ref('keyed_orders') }} o", 'DIFFERENTIAL', false],
      ['sub_star_diff', "select id, amount from (select * from {{ ref('keyed_orders') }}) x", 'DIFFERENTIAL', !refusesPlainStar],
      ['star_full', "select * from {{ ref('keyed_orders') }}", 'FULL', true],
      [
        'count_star_diff',
        "select customer_id, count(*) as n, 2 * sum(amount) as twice from {{ ref('raw_orders') }} group by customer_id",
        'DIFFERENTIAL',
        true,
      ],
    ];
    for (const [name, body, mode] of cases)
      writeFile(dir, `models/star/${name}.sql`, `{{ config(materialized='stream_table', refresh_mode='${mode}') }}\n${body}\n`);
    const r = await dbt.run(['run', '--select', 'path:models/star']);
    for (const [name, , , builds] of cases) {
      const result = r.results.find((x) => x.unique_id.endsWith(`.${name}`));
      if (builds) {
        expect(result?.status, `${name}: ${result?.message}`).toBe('success');
        expect(await row(name), name).toMatchObject({ status: 'ACTIVE' });
      } else {
        expect(result?.status, name).toBe('error');
        expect(result?.message, name).toContain(
          `${PKG}: model '${name}': refresh_mode DIFFERENTIAL cannot ${refusesPlainStar ? 'use *' : 'select alias.*'} (line 2, column `,
        );
        expect(result?.message, name).toContain("List the columns, or set refresh_mode='FULL'. Nothing was sent to the database.");
        expect(await row(name), name).toBeUndefined();
      }
    }
    expect(r.results.find((x) => x.unique_id.endsWith(refusesPlainStar ? '.star_diff' : '.alias_star_diff'))?.message).toContain(
      `(line 2, column ${refusesPlainStar ? 8 : 10} of the compiled SQL)`,
    );
    for (const [name] of cases) removeFile(dir, `models/star/${name}.sql`);
    removeFile(dir, 'models/star/keyed_orders.sql');
  });

  it('rejects PAUSED (and other bad config) before any statement, leaving the stream table as it was', async () => {
    const before = await def();
    const paused = await dbt.run(['run', '--vars', '{order_totals_status: PAUSED}']);
    expect(paused.exitCode).not.toBe(0);
    expect(paused.output).toContain(`${target.extension.title} has no PAUSED status`);
    expect(paused.output).toContain("status='SUSPENDED'");
    const bad = await dbt.run(['run', '--vars', "{order_totals_schedule: '5 minutes', order_totals_refresh_mode: FAST}"]);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.output).toMatch(/model 'order_totals'/);
    expect(bad.output).toContain("config 'schedule' = '5 minutes' is not valid");
    expect(bad.output).toMatch(/config 'refresh_mode' = 'FAST' is not valid; allowed: [^\n]*'FULL', 'DIFFERENTIAL'/);
    expect(await def()).toEqual(before);
  });

  it('on_configuration_change: continue leaves the table and warns; fail errors', async () => {
    const before = await def();
    const model = 'models/marts/order_totals.sql';
    const original = readFile(dir, model);
    writeFile(dir, model, `{{ config(on_configuration_change='continue') }}${original}`);
    const cont = await dbt.ok(['run', '--vars', '{order_totals_schedule: 2h}']);
    expect(cont.output).toContain("on_configuration_change is 'continue'");
    expect(await def()).toEqual(before);
    writeFile(dir, model, `{{ config(on_configuration_change='fail') }}${original}`);
    const fail = await dbt.run(['run', '--vars', '{order_totals_schedule: 2h}']);
    expect(fail.exitCode).not.toBe(0);
    expect(fail.output).toContain("on_configuration_change is 'fail'");
    expect(await def()).toEqual(before);
    writeFile(dir, model, original);
  });

  it('replaces the stream table when the query changes, and keeps it (with its rows) when the new query fails', async () => {
    const model = 'models/marts/order_totals.sql';
    const original = readFile(dir, model);
    const before = await def();
    writeFile(dir, model, original.replace('group by customer_id', 'where amount > 20\ngroup by customer_id'));
    const r = await dbt.ok(['run']);
    expect(r.output).toContain('query changed');
    const after = await def();
    expect(after?.[ID]).not.toBe(before?.[ID]);
    const want = await sql(pg, `select customer_id, sum(amount) as total_amount from "${schema}".raw_orders where amount > 20 group by customer_id order by 1`);
    expect(await sql(pg, `select customer_id, total_amount from "${schema}".order_totals order by 1`)).toEqual(want);

    const rows = await sql(pg, `select * from "${schema}".order_totals order by customer_id`);
    writeFile(dir, model, original.replace('sum(amount)', 'sum(no_such_column)'));
    const broken = await dbt.run(['run']);
    expect(broken.exitCode).not.toBe(0);
    expect(broken.output).toContain('no_such_column');
    expect(await def()).toEqual(after);
    expect(await sql(pg, `select * from "${schema}".order_totals order by customer_id`)).toEqual(rows);
    writeFile(dir, model, original);
    await dbt.ok(['run']);
  });

  it('stores any SQL text without its comments (quotes, dollars, backslashes, non-ASCII, trailing semicolon kept exact) and re-runs as a no-op', async () => {
    const body = [
      '-- a leading comment with \'quotes\' and "double quotes" and $$dollars$$',
      'select customer_id,',
      "       'it''s' as q1, $tag$ dollar 'quoted' $tag$ as q2, E'back\\\\slash' as q3, '\\n literal' as q4,",
      // (non-ASCII within the first bytes of a literal crashes pg_stream 0.1.1: see query-text.test.ts)
      "       'the naïve café ☕' as utf, /* block */ count(*) as n",
      "from {{ ref('raw_orders') }}",
      'group by customer_id',
      '-- trailing comment as the last line;',
    ].join('\n');
    // FULL: pg_trickle 0.48.0 does not maintain string constants holding an apostrophe differentially (T24)
    writeFile(dir, 'models/marts/weird_sql.sql', `{{ config(materialized='stream_table', refresh_mode='FULL') }}\n${body};\n`);
    await dbt.ok(['run', '--select', 'weird_sql']);
    const created = await def('weird_sql');
    expect(created?.status).toBe('ACTIVE');
    const compiled = readFile(dir, `target/compiled/${PROJECT}/models/marts/weird_sql.sql`);
    const stored = created?.original_query ?? created?.defining_query ?? '';
    // what the extension is sent: the compiled SQL without its comments (a block comment becomes one space)
    const withoutComments = compiled
      .replace(`-- a leading comment with 'quotes' and "double quotes" and $$dollars$$`, '')
      .replace('/* block */', ' ')
      .replace('-- trailing comment as the last line;', '');
    expect(withoutComments).not.toContain('--');
    expect(stored).toBe(`${withoutComments.replace(/[\s;]+$/, '')}\n`);
    const vals = await sql(pg, `select q1, q2, q3, q4, utf from "${schema}".weird_sql limit 1`);
    expect(vals[0]).toEqual({ q1: "it's", q2: " dollar 'quoted' ", q3: 'back\\slash', q4: '\\n literal', utf: 'the naïve café ☕' });
    const again = await dbt.ok(['run', '--select', 'weird_sql']);
    expect(again.output).toContain('left unchanged');
    expect(await def('weird_sql')).toEqual(created);
  });

  it(`re-runs a stream table over a dbt view model without recreating it, although ${target.extension.title} rewrites that query`, async () => {
    writeFile(dir, 'models/marts/big_orders.sql', "{{ config(materialized='view') }}\nselect * from {{ ref('raw_orders') }} where amount > 10\n");
    writeFile(
      dir,
      'models/marts/big_totals.sql',
      "{{ config(materialized='stream_table') }}\nselect customer_id, count(*) as n\nfrom {{ ref('big_orders') }}\ngroup by customer_id\n",
    );
    await dbt.ok(['run', '--select', 'big_orders', 'big_totals']);
    const first = await def('big_totals');
    expect(first?.original_query).not.toBeNull();
    expect(first?.defining_query).not.toBe(first?.original_query);
    const again = await dbt.ok(['run', '--select', 'big_totals']);
    expect(again.output).toContain('left unchanged');
    expect(await def('big_totals')).toEqual(first);
  });

  it('re-runs a model with joins, CTEs, subqueries, refs to a view, another stream table and comments as a no-op', async () => {
    writeFile(dir, 'models/marts/cx_view.sql', "{{ config(materialized='view') }}\nselect id, customer_id, amount from {{ ref('raw_orders') }}\n");
    writeFile(
      dir,
      'models/marts/cx_base.sql',
      "{{ config(materialized='stream_table') }}\nselect customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n",
    );
    writeFile(
      dir,
      'models/marts/cx_complex.sql',
      [
        "{{ config(materialized='stream_table', refresh_mode='FULL') }}",
        '/* customers, their order counts and their big orders */',
        'with big as (',
        "    select customer_id, amount from {{ ref('cx_view') }} where amount > (select min(amount) from {{ ref('raw_orders') }})",
        ')',
        'select   b.customer_id,',
        '         c.n,            -- from another stream table',
        '         sum(b.amount) as big_total',
        "from big b join {{ ref('cx_base') }} c on c.customer_id = b.customer_id",
        "where b.customer_id in (select customer_id from {{ ref('raw_orders') }})",
        'group by b.customer_id, c.n',
        '',
      ].join('\n'),
    );
    await dbt.ok(['run', '--select', 'cx_view', 'cx_base', 'cx_complex']);
    const first = await def('cx_complex');
    expect(first?.status).toBe('ACTIVE');
    // (re-running cx_view would rebuild the view with a new OID, which the extension reports as ERROR: that is a replace)
    const again = await dbt.ok(['run', '--select', 'cx_base', 'cx_complex']);
    expect(again.output.match(/left unchanged stream table/g)).toHaveLength(2);
    expect(await def('cx_complex')).toEqual(first);
  });

  it.skipIf(Number(minor.split('.')[1]) < 8)(
    '--empty never creates or replaces a stream table with a limited query (skipped below dbt 1.8, which has no --empty)',
    async () => {
      writeFile(
        dir,
        'models/marts/empty_probe.sql',
        "{{ config(materialized='stream_table') }}\nselect customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n",
      );
      const r = await dbt.ok(['run', '--select', 'empty_probe', '--empty']);
      expect(r.output).toContain('dbt --empty rewrites ref()/source()');
      expect(await row('empty_probe')).toBeUndefined();
    },
  );

  it('respects full_refresh: false on --full-refresh', async () => {
    const before = await def();
    const model = 'models/marts/order_totals.sql';
    const original = readFile(dir, model);
    writeFile(dir, model, `{{ config(full_refresh=false) }}${original}`);
    await dbt.ok(['run', '--select', 'order_totals', '--full-refresh']);
    expect((await row())?.[ID]).toBe(before?.[ID]);
    writeFile(dir, model, original);
    await dbt.ok(['run', '--select', 'order_totals', '--full-refresh']);
    expect((await row())?.[ID]).not.toBe(before?.[ID]);
  });
});
