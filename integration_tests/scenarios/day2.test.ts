/**
 * Day 2: the generic tests, refresh_all_stream_tables, pgstream_status, and every example of the package README's
 * "Day 2" section (spec/<target>/examples.ts), run as written, with `analytics` standing for the scenario's schema.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { targetNames } from '../../harness/catalog.ts';
import { type DbtResult, dbtRunner } from '../../harness/dbt.ts';
import { catalogRow, dropSchema, sql, waitUntil } from '../../harness/pg.ts';
import { copyIntegrationProject, removeFile, writeFile } from '../../harness/project.ts';
import { selectedTarget, skippedOnTarget } from '../../harness/target.ts';
import type { Day2Example } from '../../spec/types.ts';

const names = targetNames();
const target = selectedTarget();
/** The package's log prefix (`dbt-pgstream`), its dbt project name (dbt test names start with it) and macro prefix. */
const PKG = target.package.name;
const NS = target.package.projectName;
const PREFIX = target.package.macroPrefix;
const TITLE = target.extension.title;
/** What stream_table_fresh says of a table that reads another one, where the target's scheduler ignores those. */
const freshUnknown = target.extension.schedulerIgnores !== undefined;

const pg = inject('pg');
const backend = inject('backend');

type Example = Day2Example;
const example = (id: Example['id']): Example => {
  const e = selectedTarget().day2Examples.find((x) => x.id === id);
  if (e === undefined) throw new Error(`no Day 2 example '${id}' in spec/${selectedTarget().id}/examples.ts`);
  return e;
};

/** A shell command of an example as dbt arguments: words, and '...' as one argument. */
function argv(command: string, schema: string): string[] {
  const words = [...command.replaceAll('analytics.', `${schema}.`).matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
  if (words[0] !== 'dbt') throw new Error(`not a dbt command: ${command}`);
  return words.slice(1);
}

/** The lines the package logged (without dbt's timestamps) that start with the given words. */
const logged = (r: DbtResult, prefix: string) =>
  r.output
    .split('\n')
    .map((l) => l.replace(/^\S*\d\d:\d\d:\d\d\s+/, ''))
    .filter((l) => l.startsWith(`${PKG}: ${prefix}`));

const skip = skippedOnTarget(['pgstream', 'pgtrickle'], 'it runs the Day 2 examples of the pg_stream and pg_trickle packages');
const skipNote = skip ? ` (${skip})` : '';
const hasExample = (id: string) => target.day2Examples.some((e) => e.id === id);
/** Examples only some targets have: the test says why it did not run. */
const onlyWith = (id: string) => (hasExample(id) ? '' : ` (skipped: spec/${target.id}/examples.ts has no '${id}' example)`);

describe.skipIf(skip !== undefined).each(inject('dbtMinors'))(`Day 2 on dbt %s (${backend.label})${skipNote}`, (minor) => {
  const schema = `d2_${minor.replace('.', '_')}`;
  const dir = copyIntegrationProject(`day2-${minor}`);
  const dbt = dbtRunner(minor, dir, schema, pg);
  const [major = 1, min = 0] = minor.split('.').map(Number);
  const newer = (m: number) => major > 1 || min >= m;

  /** YAML as this dbt reads it: `tests:` before 1.8, test arguments without `arguments:` before 1.10.5 (the 1.6 pin). */
  const adaptYaml = (text: string): string => {
    if (newer(11)) return text;
    const doc = parse(text) as { models: { data_tests?: unknown[]; tests?: unknown[] }[] };
    for (const m of doc.models) {
      const tests = (m.data_tests ?? []).map((t) => {
        if (typeof t !== 'object' || t === null) return t;
        const [[name, body]] = Object.entries(t as Record<string, { arguments?: Record<string, unknown> }>) as [
          [string, { arguments?: Record<string, unknown> }],
        ];
        const { arguments: args = {}, ...rest } = body ?? {};
        return { [name]: { ...args, ...rest } };
      });
      delete m.data_tests;
      if (newer(8)) m.data_tests = tests;
      else m.tests = tests;
    }
    return stringify(doc);
  };
  const writeExampleFiles = (e: Example) => {
    for (const f of e.files) writeFile(dir, f.path, f.path.endsWith('.yml') ? adaptYaml(f.contents) : f.contents);
  };
  const runExample = async (e: Example, expectExit: (i: number) => number = () => 0): Promise<DbtResult[]> => {
    writeExampleFiles(e);
    const out: DbtResult[] = [];
    for (const [i, c] of e.commands.entries()) {
      const r = await dbt.run(argv(c, schema));
      expect(r.exitCode, `${e.id}: ${c}\n${r.output}`).toBe(expectExit(i));
      out.push(r);
    }
    return out;
  };
  const testResults = (r: DbtResult) =>
    Object.fromEntries(
      r.results.filter((x) => x.unique_id.startsWith('test.')).map((x) => [x.unique_id.replace(/^test\.[^.]+\./, '').replace(/\.[0-9a-f]{10}$/, ''), x.status]),
    );
  const setStatus = (name: string, status: string) => sql(pg, `select ${names.alter}($1, status => $2)`, [`${schema}.${name}`, status]);
  const auditRows = async (like: string) => {
    const tables = await sql<{ t: string }>(
      pg,
      `select table_name as t from information_schema.tables where table_schema = $1 and table_name like $2 order by 1`,
      [`${schema}_dbt_test__audit`, like],
    );
    const rows: Record<string, unknown>[] = [];
    for (const { t } of tables) rows.push(...(await sql(pg, `select * from ${schema}_dbt_test__audit.${t}`)));
    return rows;
  };

  beforeAll(async () => {
    await dropSchema(pg, schema);
    await dropSchema(pg, `${schema}_dbt_test__audit`);
    await dbt.ok(['deps']);
    await dbt.ok(['seed']);
  });
  afterAll(async () => {
    await dropSchema(pg, `${schema}_dbt_test__audit`);
    await dropSchema(pg, schema);
  });

  it('README "A stream table model with health and freshness tests": builds, and both tests pass', async () => {
    const [, test] = await runExample(example('model'));
    expect(await catalogRow(pg, schema, 'daily_revenue')).toMatchObject({ status: 'ACTIVE', refresh_mode: 'DIFFERENTIAL', is_populated: true });
    expect(testResults(test!)).toEqual({
      [`${NS}_stream_table_healthy_daily_revenue_`]: 'pass',
      [`${NS}_stream_table_fresh_daily_revenue_15m`]: 'pass',
    });
  });

  it('README "In CI": runs, refreshes in dependency order (a stream table after the ones it reads, also through a view) and tests', async () => {
    writeFile(dir, 'models/revenue_view.sql', "{{ config(materialized='view') }}\nselect day, revenue from {{ ref('daily_revenue') }}\n");
    writeFile(
      dir,
      'models/big_days.sql',
      "{{ config(materialized='stream_table', schedule='1h', refresh_mode='FULL', tags=['hourly']) }}\nselect day, revenue from {{ ref('revenue_view') }} where revenue > 0\n",
    );
    const [, refresh] = await runExample(example('ci'));
    const lines = logged(refresh!, 'REFRESHED ');
    // big_days reads daily_revenue through a view, so it comes right after it; otherwise the order is by name
    expect(lines.map((l) => l.split(/\s+/)[2])).toEqual([`${schema}.daily_revenue`, `${schema}.big_days`, `${schema}.order_totals`]);
    for (const l of lines) expect(l).toMatch(new RegExp(`^${PKG}: REFRESHED \\S+ in \\d+\\.\\d{3} s, \\d+ rows$`));
    const rows = Number((await sql<{ n: string }>(pg, `select count(*) as n from ${schema}.daily_revenue`))[0]?.n);
    expect(lines.find((l) => l.includes('.daily_revenue '))).toContain(`, ${rows} rows`);
    expect(logged(refresh!, 'refreshed 3, failed 0, not refreshed 0 of 3')).toHaveLength(1);
  });

  it('stream_table_healthy and stream_table_fresh fail, each with a row saying why, and honour severity and where', async () => {
    writeFile(
      dir,
      'models/never_filled.sql',
      "{{ config(materialized='stream_table', schedule='1h', initialize=false) }}\nselect customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n",
    );
    writeFile(
      dir,
      'models/probes.yml',
      adaptYaml(`version: 2
models:
  - name: never_filled
    data_tests:
      - ${NS}.stream_table_healthy
      - ${NS}.stream_table_fresh:
          arguments:
            max_staleness: 3600
  - name: big_days
    data_tests:
      - ${NS}.stream_table_fresh:
          arguments:
            max_staleness: '1h'
  - name: revenue_view
    data_tests:
      - ${NS}.stream_table_healthy:
          config:
            severity: warn
`),
    );
    try {
      await probeTests();
    } finally {
      removeFile(dir, 'models/probes.yml');
      removeFile(dir, 'models/never_filled.sql');
      await sql(pg, `drop table if exists ${schema}.never_filled`);
    }
  });

  /** The failing-test probes (their files are removed by the caller whatever happens). */
  const probeTests = async () => {
    await dbt.ok(['run', '--select', 'never_filled']);
    await setStatus('daily_revenue', 'SUSPENDED');
    await sql(
      pg,
      `update ${names.st.qualified} set ${names.st.currentAsOf} = now() - interval '2 hours' where ${names.st.schema} = $1 and ${names.st.name} = 'daily_revenue'`,
      [schema],
    );
    const r = await dbt.run(['test', '--store-failures', '--select', 'daily_revenue', 'never_filled', 'big_days', 'revenue_view']);
    expect(r.exitCode).toBe(1);
    expect(testResults(r)).toEqual({
      [`${NS}_stream_table_healthy_daily_revenue_`]: 'fail',
      [`${NS}_stream_table_fresh_daily_revenue_15m`]: 'fail',
      [`${NS}_stream_table_healthy_never_filled_`]: 'fail',
      [`${NS}_stream_table_fresh_never_filled_3600`]: 'fail',
      // a scheduler that refreshes stream tables over stream tables keeps big_days fresh (pg_trickle T3)
      [`${NS}_stream_table_fresh_big_days_1h`]: freshUnknown ? 'fail' : 'pass',
      [`${NS}_stream_table_healthy_revenue_view_`]: 'warn',
    });
    const problems = (await auditRows('%')).map((row) => `${String(row.stream_table)}: ${String(row.problem)}`);
    const stale = problems.map((p) => /daily_revenue: stale: (\d+)s/.exec(p)?.[1]).find((n) => n !== undefined);
    expect(Number(stale)).toBeGreaterThanOrEqual(7200);
    expect(problems.map((p) => p.replace(/stale: \d+s/, 'stale: Ns')).sort()).toEqual(
      [
        ...(freshUnknown
          ? [
              `${schema}.big_days: freshness unknown: it reads another stream table, and pg_stream 0.1.1's scheduler never refreshes a stream table that reads another stream table (it only watches table sources), although its data_timestamp keeps advancing`,
            ]
          : []),
        `${schema}.daily_revenue: stale: Ns > max_staleness 900s`,
        `${schema}.daily_revenue: status SUSPENDED`,
        `${schema}.never_filled: never populated (status INITIALIZING)`,
        `${schema}.never_filled: not populated (status INITIALIZING): refresh it, or set its status to ACTIVE`,
        `${schema}.revenue_view: not a stream table: ${schema}.revenue_view exists, but ${TITLE} does not manage it`,
      ].sort(),
    );
    // where filters the test's rows: a SUSPENDED table passes a test that looks only at other statuses
    writeFile(
      dir,
      'models/probes.yml',
      adaptYaml(`version: 2
models:
  - name: never_filled
    data_tests:
      - ${NS}.stream_table_healthy:
          config:
            where: "status <> 'INITIALIZING'"
`),
    );
    expect(testResults(await dbt.run(['test', '--select', 'never_filled']))).toEqual({ [`${NS}_stream_table_healthy_never_filled_`]: 'pass' });
    // a bad bound is named before any query
    writeFile(
      dir,
      'models/probes.yml',
      adaptYaml(`version: 2
models:
  - name: never_filled
    data_tests:
      - ${NS}.stream_table_fresh:
          arguments:
            max_staleness: 'soon'
`),
    );
    const bad = await dbt.run(['test', '--select', 'never_filled']);
    expect(bad.output).toContain(
      `${PKG}: stream_table_fresh: max_staleness must be a duration such as '90s', '5m' or '1h30m' (units s (seconds), m (minutes), h (hours), d (days), w (weeks)) or a number of seconds, got 'soon'`,
    );
  };

  it('README "Refresh some of them": reports SUSPENDED without refreshing it, goes on past a failure only when asked, and exits non-zero', async () => {
    // a stream table whose source is gone: its refresh fails
    await sql(pg, `create table ${schema}.fragile_src (id int primary key); insert into ${schema}.fragile_src values (1)`);
    writeFile(
      dir,
      'models/fragile.sql',
      `{{ config(materialized='stream_table', schedule='1h', refresh_mode='FULL', tags=['hourly']) }}\nselect id from ${schema}.fragile_src\n`,
    );
    // a stream table reading it: skipped when its upstream fails, as dbt skips a failed node's children
    writeFile(
      dir,
      'models/fragile_child.sql',
      `{{ config(materialized='stream_table', schedule='1h', refresh_mode='FULL', tags=['hourly']) }}\nselect id from {{ ref('fragile') }}\n`,
    );
    await dbt.ok(['run', '--select', 'fragile', 'fragile_child']);
    await sql(pg, `drop table ${schema}.fragile_src`);
    const [r] = await runExample(example('refresh-some'), () => 1);
    expect(logged(r!, 'SUSPENDED ')).toEqual([expect.stringMatching(new RegExp(`^${PKG}: SUSPENDED ${schema}\\.daily_revenue: not refreshed`))]);
    expect(logged(r!, 'FAILED ')).toEqual([expect.stringMatching(new RegExp(`^${PKG}: FAILED    ${schema}\\.fragile after \\d+\\.\\d{3} s: .+`))]);
    expect(logged(r!, 'SKIPPED ')).toEqual([`${PKG}: SKIPPED   ${schema}.fragile_child (upstream failed: ${schema}.fragile)`]);
    expect(logged(r!, 'REFRESHED ').map((l) => l.split(/\s+/)[2])).toEqual([`${schema}.big_days`, `${schema}.order_totals`]);
    expect(r!.output).toContain(`${PKG}: 1 stream table refresh(es) failed: ${schema}.fragile: `);
    // without continue_on_error, what comes after the failure is not run
    const stop = await dbt.run(['run-operation', 'refresh_all_stream_tables', '--args', '{select: [fragile, order_totals]}']);
    expect(stop.exitCode).toBe(1);
    expect(logged(stop, 'NOT RUN ')).toEqual([`${PKG}: NOT RUN   ${schema}.order_totals (an earlier refresh failed; continue_on_error is false)`]);
    // a selector that matches nothing is named
    const unknown = await dbt.run(['run-operation', 'refresh_all_stream_tables', '--args', '{select: [nope, "tag:none"]}']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.output).toContain(`${PKG}: select matched no stream_table model: nope, tag:none.`);
  });

  it('README "Read the status": one line per model, agreement with the model, and fail_on', async () => {
    const [r] = await runExample(example('status'), () => 1);
    const table = logged(r!, '');
    const header = table.findIndex((l) => l.startsWith(`${PKG}: stream_table`));
    expect(table[header]).toMatch(
      new RegExp(`^${PKG}: stream_table\\s+status\\s+mode\\s+schedule\\s+staleness\\s+errors\\s+last_refresh \\(UTC\\)\\s+rows\\s+agrees$`),
    );
    const row = (name: string) => table.find((l) => l.startsWith(`${PKG}: ${schema}.${name} `))?.split(/\s{2,}/);
    expect(row('daily_revenue')?.slice(1, 4)).toEqual(['SUSPENDED', 'DIFFERENTIAL', '5m']);
    expect(row('order_totals')?.slice(1, 3)).toEqual(['ACTIVE', 'DIFFERENTIAL']);
    expect(row('order_totals')?.at(-1)).toBe('yes');
    const orderRows = Number((await sql<{ n: string }>(pg, `select count(*) as n from ${schema}.order_totals`))[0]?.n);
    expect(row('order_totals')?.at(-2)).toBe(String(orderRows));
    expect(logged(r!, 'ERROR ')).toEqual(expect.arrayContaining([`${PKG}: ERROR ${schema}.daily_revenue: status SUSPENDED`]));
    expect(r!.output).toContain(`${PREFIX}_status found`);
    // a model changed but not run: the catalog disagrees; fail_on warn fails, fail_on error does not care
    await setStatus('daily_revenue', 'ACTIVE');
    await sql(pg, `drop table if exists ${schema}.fragile_child; drop table if exists ${schema}.fragile`);
    removeFile(dir, 'models/fragile_child.sql');
    removeFile(dir, 'models/fragile.sql');
    writeFile(dir, 'models/daily_revenue.sql', (example('model').files[0]?.contents ?? '').replace("schedule='5m'", "schedule='10m'"));
    const ok = await dbt.run(['run-operation', `${PREFIX}_status`, '--args', '{fail_on: error}']);
    expect(ok.exitCode, ok.output).toBe(0);
    expect(logged(ok, 'WARN ')).toEqual(
      expect.arrayContaining([`${PKG}: WARN  ${schema}.daily_revenue differs from its model: schedule '5m' (model: '10m') (dbt run applies the model)`]),
    );
    expect(ok.output).toMatch(new RegExp(`${PKG}: ${schema}\\.daily_revenue .* no\\n`));
    expect((await dbt.run(['run-operation', `${PREFIX}_status`, '--args', '{fail_on: warn}'])).exitCode).toBe(1);
    await dbt.ok(['run', '--select', 'daily_revenue']);
    expect(
      (
        await sql<{ schedule: string }>(pg, `select schedule from ${names.st.qualified} where ${names.st.schema} = $1 and ${names.st.name} = $2`, [
          schema,
          'daily_revenue',
        ])
      )[0]?.schedule,
    ).toBe('10m');
  });

  it('README "Clean up orphans": lists a stream table no model defines, keeps it on a dry run, drops it when asked', async () => {
    removeFile(dir, 'models/big_days.sql');
    removeFile(dir, 'models/revenue_view.sql');
    const [dry, wet] = await runExample(example('orphans'));
    expect(logged(dry!, 'WARN  orphan: ')).toEqual([
      `${PKG}: WARN  orphan: ${schema}.big_days (status ACTIVE) is a stream table in the project's schemas that no model defines`,
    ]);
    expect(logged(dry!, 'would drop ')).toEqual([`${PKG}: would drop stream table ${schema}.big_days`]);
    expect(logged(wet!, 'dropped stream table ')).toEqual([`${PKG}: dropped stream table ${schema}.big_days`]);
    expect(await catalogRow(pg, schema, 'big_days')).toBeUndefined();
    expect(await catalogRow(pg, schema, 'daily_revenue')).toMatchObject({ status: 'ACTIVE' });
  });

  it('README "A stream table in ERROR": after seed --full-refresh the health test fails, and dbt run repairs it', async () => {
    await dbt.ok(['seed', '--full-refresh']);
    expect((await catalogRow(pg, schema, 'daily_revenue'))?.status).toBe('ERROR');
    const failing = await dbt.run(['test', '--select', 'daily_revenue']);
    expect(testResults(failing)[`${NS}_stream_table_healthy_daily_revenue_`]).toBe('fail');
    await runExample(example('error'));
    expect(await catalogRow(pg, schema, 'daily_revenue')).toMatchObject({ status: 'ACTIVE', is_populated: true });
    expect(testResults(await dbt.ok(['test', '--select', 'daily_revenue']))[`${NS}_stream_table_healthy_daily_revenue_`]).toBe('pass');
  });

  it('README "A SUSPENDED stream table": the resume command makes it ACTIVE again', async () => {
    await setStatus('daily_revenue', 'SUSPENDED');
    expect(testResults(await dbt.run(['test', '--select', 'daily_revenue']))[`${NS}_stream_table_healthy_daily_revenue_`]).toBe('fail');
    await runExample(example('suspended'));
    expect((await catalogRow(pg, schema, 'daily_revenue'))?.status).toBe('ACTIVE');
    expect(testResults(await dbt.ok(['test', '--select', 'daily_revenue']))[`${NS}_stream_table_healthy_daily_revenue_`]).toBe('pass');
  });

  it(`README "How a table is refreshed": logs the configured mode and the last refresh's strategy${onlyWith('explain')}`, async (ctx) => {
    if (!hasExample('explain')) return ctx.skip();
    const [r] = await runExample(example('explain'));
    expect(logged(r!, `${target.extension.apiSchema}.explain_refresh_mode(${schema}.daily_revenue): 1 row(s)`)).toHaveLength(1);
    expect(r!.output).toContain(`${PKG}:   configured_mode=DIFFERENTIAL, effective_mode=DIFFERENTIAL, `);
  });

  it(`README "A blown fuse after a bulk load": the fuse blows, fuse_status shows it, a raised ceiling and reset_fuse apply catch up${onlyWith('fuse')}`, async (ctx) => {
    if (!hasExample('fuse')) return ctx.skip();
    const e = example('fuse');
    writeExampleFiles(e);
    await dbt.ok(['run', '--select', 'order_counts']);
    await sql(pg, `insert into ${schema}.raw_orders select 100000 + g, g % 7, 1, now() from generate_series(1, 10001) g`);
    await waitUntil(
      'the fuse of order_counts to blow',
      async () => ((await catalogRow(pg, schema, 'order_counts'))?.fuse_state === 'blown' ? true : undefined),
      90_000,
      500,
    );
    expect(await catalogRow(pg, schema, 'order_counts')).toMatchObject({ status: 'SUSPENDED', fuse_state: 'blown' });
    const [status, raised, reset] = await runExample(e);
    expect(raised!.output).toContain('(fuse_ceiling 10000 -> 50000)');
    expect(status!.output).toContain(`${PKG}:   stream_table=${schema}.order_counts, fuse_mode=on, fuse_state=blown, fuse_ceiling=10000, `);
    expect(status!.output).toContain('blow_reason=change buffer count (10001) exceeded ceiling (10000)');
    expect(logged(reset!, `${target.extension.apiSchema}.reset_fuse(${schema}.order_counts) done`)).toHaveLength(1);
    expect(await catalogRow(pg, schema, 'order_counts')).toMatchObject({ fuse_ceiling: '50000' });
    const counted = async () => {
      const [row] = await sql<{ ok: boolean }>(
        pg,
        `select (select coalesce(sum(orders), 0) from ${schema}.order_counts) = (select count(*) from ${schema}.raw_orders) as ok`,
      );
      return row?.ok === true ? true : undefined;
    };
    await waitUntil('order_counts to count every order after the reset', counted, 90_000, 500);
    expect(await catalogRow(pg, schema, 'order_counts')).toMatchObject({ status: 'ACTIVE', fuse_state: 'armed' });
  });

  it(`README "Before maintenance: let running refreshes finish": drain reports true${onlyWith('drain')}`, async (ctx) => {
    if (!hasExample('drain')) return ctx.skip();
    const [r] = await runExample(example('drain'));
    expect(logged(r!, `${target.extension.apiSchema}.drain(30) = True`)).toHaveLength(1);
  });
});
