import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { targetNames } from '../../harness/catalog.ts';
import { dbtRunner } from '../../harness/dbt.ts';
import { catalogRow, dropSchema, relationKind, sql } from '../../harness/pg.ts';
import { copyIntegrationProject, readFile, writeFile } from '../../harness/project.ts';
import { selectedTarget } from '../../harness/target.ts';

const names = targetNames();

const pg = inject('pg');
const backend = inject('backend');

describe.each(inject('dbtMinors'))(`work persists and nothing is injectable on dbt %s (${backend.label})`, (minor) => {
  const schema = `ps_${minor.replace('.', '_')}`;
  const dir = copyIntegrationProject(`persistence-${minor}`);
  const dbt = dbtRunner(minor, dir, schema, pg);
  const minorNum = Number(minor.split('.')[1]);

  beforeAll(async () => {
    await dropSchema(pg, schema);
    await dbt.ok(['deps']);
    await dbt.ok(['seed']);
    await sql(pg, `create table "${schema}".hook_log (step text, at timestamptz default clock_timestamp())`);
  });
  afterAll(async () => {
    await dropSchema(pg, schema);
  });

  it('runs pre- and post-hooks inside and outside the transaction, and they persist with the stream table', async () => {
    writeFile(
      dir,
      'models/marts/hooked.sql',
      [
        "{{ config(materialized='stream_table',",
        '  pre_hook=[before_begin("insert into {{ this.schema }}.hook_log (step) values (\'pre-outside\')"), "insert into {{ this.schema }}.hook_log (step) values (\'pre-inside\')"],',
        '  post_hook=["insert into {{ this.schema }}.hook_log (step) values (\'post-inside\')", after_commit("insert into {{ this.schema }}.hook_log (step) values (\'post-outside\')")]) }}',
        "select customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id",
        '',
      ].join('\n'),
    );
    await dbt.ok(['run', '--select', 'hooked']);
    expect(await catalogRow(pg, schema, 'hooked')).toMatchObject({ status: 'ACTIVE' });
    expect((await sql<{ step: string }>(pg, `select step from "${schema}".hook_log order by at`)).map((r) => r.step)).toEqual([
      'pre-outside',
      'pre-inside',
      'post-inside',
      'post-outside',
    ]);
    // unchanged re-run: no statement for the stream table, but the hooks still run and persist
    const again = await dbt.ok(['run', '--select', 'hooked']);
    expect(again.output).toContain('left unchanged');
    expect((await sql(pg, `select count(*)::int as n from "${schema}".hook_log`))[0]).toEqual({ n: 8 });
  });

  it.skipIf(minorNum < 12)(
    'persists with the dbt-postgres profile option autocommit: true (skipped below dbt 1.12, whose dbt-postgres has no such option)',
    async () => {
      const profiles = readFile(dir, 'profiles.yml');
      if (!profiles.includes('autocommit:')) {
        writeFile(dir, 'profiles.yml', profiles.replace('      type: postgres', '      type: postgres\n      autocommit: true'));
      }
      writeFile(
        dir,
        'models/marts/auto_totals.sql',
        "{{ config(materialized='stream_table') }}\nselect customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n",
      );
      await dbt.ok(['run', '--select', 'auto_totals']);
      const created = await catalogRow(pg, schema, 'auto_totals');
      expect(created?.status).toBe('ACTIVE');
      writeFile(
        dir,
        'models/marts/auto_totals.sql',
        "{{ config(materialized='stream_table', schedule='7m') }}\nselect customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n",
      );
      await dbt.ok(['run', '--select', 'auto_totals']);
      expect(await catalogRow(pg, schema, 'auto_totals')).toMatchObject({ [names.st.id]: created?.[names.st.id], schedule: '7m' });
      writeFile(dir, 'profiles.yml', profiles);
    },
  );

  // alter cannot store NULL where NULL means "unchanged", unless the extension has a keyword for CALCULATED
  const calculatedInPlace = selectedTarget().schedule.calculatedKeyword !== undefined;
  it(`switches to a CALCULATED schedule ${calculatedInPlace ? 'in place' : 'by replacing'}, and back to a duration in place`, async () => {
    const body = "select customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n";
    writeFile(dir, 'models/marts/calc_switch.sql', `{{ config(materialized='stream_table', schedule='2m') }}\n${body}`);
    await dbt.ok(['run', '--select', 'calc_switch']);
    const timed = await catalogRow(pg, schema, 'calc_switch');
    writeFile(dir, 'models/marts/calc_switch.sql', `{{ config(materialized='stream_table', schedule=none) }}\n${body}`);
    const toCalc = await dbt.ok(['run', '--select', 'calc_switch']);
    const calc = await catalogRow(pg, schema, 'calc_switch');
    expect(calc).toMatchObject({ schedule: null, status: 'ACTIVE' });
    if (calculatedInPlace) {
      expect(toCalc.output).toContain('altered stream table');
      expect(calc?.[names.st.id]).toBe(timed?.[names.st.id]);
    } else {
      expect(toCalc.output).toContain('cannot be applied in place');
      expect(calc?.[names.st.id]).not.toBe(timed?.[names.st.id]);
    }
    writeFile(dir, 'models/marts/calc_switch.sql', `{{ config(materialized='stream_table', schedule='3m') }}\n${body}`);
    await dbt.ok(['run', '--select', 'calc_switch']);
    expect(await catalogRow(pg, schema, 'calc_switch')).toMatchObject({ schedule: '3m', [names.st.id]: calc?.[names.st.id] });
  });

  it('lets no config value inject SQL: bad names, schedules, modes and statuses fail before any statement', async () => {
    await sql(pg, `create table if not exists "${schema}".canary (x int)`);
    const body = "select customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n";
    const attempts: [string, RegExp][] = [
      [`{{ config(materialized='stream_table', alias='x"; drop table ${schema}.canary; --') }}`, /only handles unquoted lower-case identifiers/],
      ["{{ config(materialized='stream_table', alias='MixedCase') }}", /model 'inject_probe' cannot be a stream table at .*MixedCase/],
      [`{{ config(materialized='stream_table', schedule="1m'); drop table ${schema}.canary; --") }}`, /config 'schedule' = .* is not valid/],
      [`{{ config(materialized='stream_table', refresh_mode="FULL'); drop table ${schema}.canary; --") }}`, /config 'refresh_mode' = .* is not valid/],
      [`{{ config(materialized='stream_table', status="ACTIVE'); drop table ${schema}.canary; --") }}`, /config 'status' = .* is not valid/],
      ["{{ config(materialized='stream_table', initialize='yes') }}", /config 'initialize' = 'yes' is not valid; allowed: true or false/],
      ["{{ config(materialized='stream_table', stream_table_name='other') }}", /stream_table_name is not supported/],
    ];
    for (const [cfg, want] of attempts) {
      writeFile(dir, 'models/marts/inject_probe.sql', `${cfg}\n${body}`);
      const r = await dbt.run(['run', '--select', 'inject_probe']);
      expect(r.exitCode, cfg).not.toBe(0);
      expect(r.output, cfg).toMatch(want);
      expect(await relationKind(pg, schema, 'canary'), cfg).toBe('r');
      expect(await catalogRow(pg, schema, 'inject_probe')).toBeUndefined();
    }
    writeFile(dir, 'models/marts/inject_probe.sql', "{{ config(materialized='view') }}\nselect 1 as x\n");
  });

  it.skipIf(minorNum < 10)('--sample never creates a stream table with a sampled query (skipped below dbt 1.10, which has no --sample)', async () => {
    writeFile(
      dir,
      'models/marts/sample_probe.sql',
      "{{ config(materialized='stream_table') }}\nselect customer_id, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n",
    );
    const r = await dbt.run(['run', '--select', 'sample_probe', '--sample', '3 days']);
    expect(r.output).toContain('dbt --sample rewrites ref()/source()');
    expect(await catalogRow(pg, schema, 'sample_probe')).toBeUndefined();
  });
});
