import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { targetNames } from '../../harness/catalog.ts';
import { dbtRunner } from '../../harness/dbt.ts';
import { catalogRow, catalogRowsInSchema, dropSchema, relationKind, sql } from '../../harness/pg.ts';
import { copyIntegrationProject, removeFile, writeFile } from '../../harness/project.ts';
import { selectedTarget } from '../../harness/target.ts';

const names = targetNames();
const target = selectedTarget();
const PKG = target.package.name;
const PREFIX = target.package.macroPrefix;
const PROJECT = `${target.package.projectName}_integration_tests`;
const TITLE = target.extension.title;
const ID = names.st.id;

const pg = inject('pg');
const backend = inject('backend');
const agg = (src: string) => `select customer_id, count(*) as n, sum(amount) as total from {{ ref('${src}') }} group by customer_id\n`;

describe.each(inject('dbtMinors'))(`stream tables inside a real dbt project on dbt %s (${backend.label})`, (minor) => {
  const schema = `pj_${minor.replace('.', '_')}`;
  const dir = copyIntegrationProject(`project-${minor}`);
  const dbt = dbtRunner(minor, dir, schema, pg);
  /** The OIDs of the TABLE sources of these stream tables. */
  const tableSourceOids = async (models: string[]) =>
    (
      await sql<{ oid: number }>(
        pg,
        `select distinct d.source_relid::bigint::int as oid from ${names.dependencies.qualified} d join ${names.st.qualified} st on st.${ID} = d.${names.dependencies.streamTableId} where st.${names.st.schema} = $1 and st.${names.st.name} = any($2) and d.source_type = 'TABLE'`,
        [schema, models],
      )
    ).map((r) => r.oid);
  /** For dropped sources among these OIDs that no stream table reads any more: the extension's change buffers, capture functions and tracking rows still there. */
  const leftovers = async (oids: number[]) =>
    (
      await sql<{ what: string }>(
        pg,
        `
      select 'tracking row ' || t.source_relid as what from ${names.changeTracking.qualified} t where t.source_relid = any($1::oid[])
        and not exists (select 1 from pg_class c where c.oid = t.source_relid)
        and not exists (select 1 from ${names.dependencies.qualified} d where d.source_relid = t.source_relid)
      union all
      select 'object ' || o.name from (
        select c.relname::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = '${target.extension.changeSchema}'
        union all
        select p.proname::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = '${target.extension.changeSchema}'
      ) o, unnest($1::oid[]) as dead(oid)
      where o.name ~ ('_' || dead.oid || '$') and not exists (select 1 from pg_class c where c.oid = dead.oid)
        and not exists (select 1 from ${names.dependencies.qualified} d where d.source_relid = dead.oid)`,
        [oids],
      )
    ).map((r) => r.what);

  beforeAll(async () => {
    await dropSchema(pg, schema);
    await dropSchema(pg, `${schema}_x_marts`);
    await dbt.ok(['deps']);
    await dbt.ok(['seed']);
  });
  afterAll(async () => {
    await dropSchema(pg, schema);
    await dropSchema(pg, `${schema}_x_marts`);
  });

  it('switches a model from table and from view to stream_table, and back, leaving no catalog state behind', async () => {
    for (const from of ['table', 'view']) {
      const name = `switch_${from}`;
      writeFile(dir, `models/marts/${name}.sql`, `{{ config(materialized='${from}') }}\n${agg('raw_orders')}`);
      await dbt.ok(['run', '--select', name]);
      expect(await relationKind(pg, schema, name)).toBe(from === 'table' ? 'r' : 'v');
      writeFile(dir, `models/marts/${name}.sql`, `{{ config(materialized='stream_table') }}\n${agg('raw_orders')}`);
      const r = await dbt.ok(['run', '--select', name]);
      expect(r.output).toContain(`replaces the ${from}`);
      expect(await catalogRow(pg, schema, name)).toMatchObject({ status: 'ACTIVE', is_populated: true });
      writeFile(dir, `models/marts/${name}.sql`, `{{ config(materialized='${from}') }}\n${agg('raw_orders')}`);
      await dbt.ok(['run', '--select', name]);
      expect(await relationKind(pg, schema, name)).toBe(from === 'table' ? 'r' : 'v');
      expect(await catalogRow(pg, schema, name)).toBeUndefined();
    }
  });

  it('refuses to drop a table it did not build at the model name, naming it, and leaves it intact', async () => {
    await sql(pg, `create table "${schema}".squatter (precious text); insert into "${schema}".squatter values ('keep me')`);
    writeFile(dir, 'models/marts/squatter.sql', `{{ config(materialized='stream_table') }}\n${agg('raw_orders')}`);
    const r = await dbt.run(['run', '--select', 'squatter']);
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toContain(`${schema}.squatter already exists as a table that ${TITLE} does not manage`);
    expect(await sql(pg, `select * from "${schema}".squatter`)).toEqual([{ precious: 'keep me' }]);
    writeFile(dir, 'models/marts/squatter.sql', "{{ config(materialized='view') }}\nselect 1 as x\n");
  });

  it("uses the schema (from the project's own generate_schema_name) and alias dbt resolved, in the materialization and every operation", async () => {
    writeFile(
      dir,
      'macros/generate_schema_name.sql',
      [
        '{% macro generate_schema_name(custom_schema_name, node) -%}',
        '  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ target.schema }}_x_{{ custom_schema_name | trim }}{%- endif -%}',
        '{%- endmacro %}',
        '',
      ].join('\n'),
    );
    writeFile(dir, 'models/marts/renamed.sql', `{{ config(materialized='stream_table', schema='marts', alias='totals_by_customer') }}\n${agg('raw_orders')}`);
    await dbt.ok(['run', '--select', 'renamed']);
    const custom = `${schema}_x_marts`;
    expect(await catalogRow(pg, custom, 'totals_by_customer')).toMatchObject({ status: 'ACTIVE' });
    await sql(pg, `update ${names.st.qualified} set ${names.st.currentAsOf} = now() - interval '1 hour' where ${names.st.schema} = $1`, [custom]);
    await dbt.ok(['run-operation', `${PREFIX}_refresh`, '--args', '{model_name: renamed}']);
    const fresh = await dbt.run(['run-operation', `${PREFIX}_check_freshness`, '--args', '{model_name: renamed}']);
    expect(fresh.exitCode).toBe(0);
    expect(fresh.output).toMatch(new RegExp(`OK +${custom}\\.totals_by_customer`));
    // a stream table dbt does not manage, in the same schema, survives drop_all_stream_tables
    await sql(pg, `select ${names.create}('${custom}.not_dbt', 'select customer_id from ${schema}.raw_orders')`);
    const drop = await dbt.ok(['run-operation', 'drop_all_stream_tables']);
    expect(drop.output).toContain(`dropped stream table ${custom}.totals_by_customer`);
    expect((await catalogRowsInSchema(pg, custom)).map((r) => r[names.st.name])).toEqual(['not_dbt']);
    await dbt.ok(['run-operation', 'drop_all_stream_tables_force', '--args', '{dry_run: true}']);
    expect((await catalogRowsInSchema(pg, custom)).map((r) => r[names.st.name])).toEqual(['not_dbt']);
  });

  it('keeps a stream table ACTIVE and capturing when dbt rebuilds its upstream table, view and seed', async () => {
    writeFile(dir, 'models/marts/up_table.sql', "{{ config(materialized='table') }}\nselect * from {{ ref('raw_orders') }}\n");
    writeFile(dir, 'models/marts/up_view.sql', "{{ config(materialized='view') }}\nselect * from {{ ref('raw_orders') }}\n");
    writeFile(dir, 'models/marts/st_on_table.sql', `{{ config(materialized='stream_table') }}\n${agg('up_table')}`);
    writeFile(dir, 'models/marts/st_on_view.sql', `{{ config(materialized='stream_table') }}\n${agg('up_view')}`);
    writeFile(dir, 'models/marts/st_on_seed.sql', `{{ config(materialized='stream_table') }}\n${agg('raw_orders')}`);
    writeFile(dir, 'models/marts/view_on_st.sql', "{{ config(materialized='view') }}\nselect customer_id, n from {{ ref('st_on_table') }}\n");
    const sel = ['--select', 'up_table', 'up_view', 'st_on_table', 'st_on_view', 'st_on_seed', 'view_on_st', 'raw_orders'];
    await dbt.ok(['build', ...sel, '--exclude', 'test_type:data']);
    let tracked: number[] = [];
    for (let round = 0; round < 2; round++) {
      if (round === 1) {
        tracked = await tableSourceOids(['st_on_table', 'st_on_view', 'st_on_seed']);
        await dbt.ok(['seed', '--full-refresh']);
      }
      const run = await dbt.ok(['run', ...sel.filter((s) => s !== 'raw_orders')]);
      if (round === 1) expect(run.output).toMatch(/(status ERROR|source\(s\) no longer exist): a source was dropped or rebuilt/);
      for (const st of ['st_on_table', 'st_on_view', 'st_on_seed']) {
        const row = await catalogRow(pg, schema, st);
        expect(row, `${st} round ${round}`).toMatchObject({ status: 'ACTIVE', is_populated: true });
        // change capture is attached to the current relations: every TABLE dependency is a live relation
        const deps = await sql<{ live: boolean }>(
          pg,
          `select exists (select 1 from pg_class c where c.oid = d.source_relid) as live from ${names.dependencies.qualified} d where d.${names.dependencies.streamTableId} = $1 and d.source_type = 'TABLE'`,
          [row?.[ID]],
        );
        expect(deps.length, st).toBeGreaterThan(0);
        expect(
          deps.every((d) => d.live),
          `${st} tracks dropped relations`,
        ).toBe(true);
      }
      expect(await relationKind(pg, schema, 'view_on_st')).toBe('v');
    }
    // what the extension leaves behind for the dropped sources (buffer, capture functions, tracking row) is gone
    expect(await leftovers(tracked)).toEqual([]);
    // capturing: a new seed row reaches st_on_seed through a DIFFERENTIAL refresh
    await dbt.ok(['run-operation', `${PREFIX}_refresh`, '--args', '{model_name: st_on_seed}']);
    await sql(pg, `insert into "${schema}".raw_orders values (99, 999, 1.00, now())`);
    await dbt.ok(['run-operation', `${PREFIX}_refresh`, '--args', '{model_name: st_on_seed}']);
    expect(await sql(pg, `select n from "${schema}".st_on_seed where customer_id = 999`)).toEqual([{ n: '1' }]);
  });

  it('fully refreshes and drops (drop_all_stream_tables, _force) stream tables whose seed dbt just rebuilt', async () => {
    const sel = ['--select', 'st_on_seed'];
    await dbt.ok(['run', ...sel]);
    for (const step of ['full-refresh', 'drop_all_stream_tables', 'drop_all_stream_tables_force'] as const) {
      const before = await tableSourceOids(['st_on_seed']);
      await dbt.ok(['seed', '--full-refresh']);
      expect(await catalogRow(pg, schema, 'st_on_seed'), step).toMatchObject({ status: 'ERROR' });
      if (step === 'full-refresh') {
        await dbt.ok(['run', '--full-refresh', ...sel]);
        expect(await catalogRow(pg, schema, 'st_on_seed'), step).toMatchObject({ status: 'ACTIVE', is_populated: true });
      } else {
        const r = await dbt.ok(['run-operation', step]);
        expect(r.output, step).toContain(`dropped stream table ${schema}.st_on_seed`);
        expect(await catalogRow(pg, schema, 'st_on_seed'), step).toBeUndefined();
        expect(await relationKind(pg, schema, 'st_on_seed'), step).toBeUndefined();
        await dbt.ok(['run', ...sel]);
      }
      expect(await leftovers(before), step).toEqual([]);
    }
  });

  it(
    target.extension.swap?.repointDependents
      ? 'keeps a stream table over another stream table when the upstream one is replaced, pointed at the new one'
      : 'recreates a stream table over another stream table when the upstream one is replaced',
    async () => {
      writeFile(dir, 'models/marts/st_up.sql', `{{ config(materialized='stream_table') }}\n${agg('raw_orders')}`);
      writeFile(dir, 'models/marts/st_down.sql', "{{ config(materialized='stream_table') }}\nselect count(*) as customers from {{ ref('st_up') }}\n");
      await dbt.ok(['run', '--select', 'st_up', 'st_down']);
      const down = await catalogRow(pg, schema, 'st_down');
      writeFile(
        dir,
        'models/marts/st_up.sql',
        `{{ config(materialized='stream_table') }}\n${agg('raw_orders').replace('group by', 'where amount > 100 group by')}`,
      );
      const r = await dbt.ok(['run', '--select', 'st_up', 'st_down']);
      const after = await catalogRow(pg, schema, 'st_down');
      if (target.extension.swap?.repointDependents) {
        // the new st_up was swapped in and st_down's dependency pointed at it: st_down is kept and reads the new one
        expect(after?.[ID]).toBe(down?.[ID]);
        expect(r.output).not.toMatch(/replaced stream table .*st_down/);
        await dbt.ok(['run-operation', 'refresh_all_stream_tables', '--args', '{select: [st_up, st_down]}']);
        const [counts] = await sql<{ down: string; up: string }>(
          pg,
          `select (select customers from "${schema}".st_down)::text as down, (select count(*) from "${schema}".st_up)::text as up`,
        );
        expect(counts?.down).toBe(counts?.up);
      } else {
        expect(r.output).toMatch(/replaced stream table .*st_down: .*source\(s\) no longer exist/);
        // pg_stream's scheduler never refreshes a stream table over a stream table: the run says what keeps it current
        expect(r.output).toContain(
          `${PKG}: model 'st_down' reads stream table model(s) st_up, and pg_stream 0.1.1's scheduler never refreshes a stream table that reads another stream table`,
        );
        expect(r.output).toContain("dbt run-operation refresh_all_stream_tables --args '{select: [st_down]}'");
        // and the freshness check does not call it fresh, whatever its timestamp says
        const fresh = await dbt.run(['run-operation', `${PREFIX}_check_freshness`, '--args', '{model_name: st_down}']);
        expect(fresh.output).toMatch(new RegExp(`WARN +${schema}\\.st_down: freshness unknown: it reads another stream table`));
        expect(fresh.output).not.toMatch(new RegExp(`OK +${schema}\\.st_down`));
        expect(after?.[ID]).not.toBe(down?.[ID]);
      }
      const deps = await sql<{ live: boolean }>(
        pg,
        `select exists (select 1 from pg_class c where c.oid = d.source_relid) as live from ${names.dependencies.qualified} d where d.${names.dependencies.streamTableId} = $1`,
        [after?.[ID]],
      );
      expect(deps.length).toBeGreaterThan(0);
      expect(deps.every((d) => d.live)).toBe(true);
    },
  );

  it('drops stream tables that read each other (drop_all_stream_tables, _force), each after the ones that read it', async () => {
    // named so that by name the upstream one comes first: pg_trickle refuses to drop a stream table another one reads
    writeFile(dir, 'models/marts/chain_a.sql', `{{ config(materialized='stream_table') }}\n${agg('raw_orders')}`);
    writeFile(dir, 'models/marts/chain_b.sql', "{{ config(materialized='stream_table') }}\nselect count(*) as customers from {{ ref('chain_a') }}\n");
    writeFile(dir, 'models/marts/chain_c.sql', "{{ config(materialized='stream_table') }}\nselect customers * 2 as twice from {{ ref('chain_b') }}\n");
    const chain = ['chain_a', 'chain_b', 'chain_c'];
    for (const step of ['drop_all_stream_tables', 'drop_all_stream_tables_force'] as const) {
      await dbt.ok(['run', '--select', ...chain]);
      for (const name of chain) expect(await catalogRow(pg, schema, name), `${step}: ${name}`).toMatchObject({ status: 'ACTIVE' });
      const r = await dbt.ok(['run-operation', step]);
      const dropped = r.output
        .split('\n')
        .map((l) => / dropped stream table \S+\.(chain_\w)\b/.exec(l)?.[1])
        .filter((n) => n !== undefined);
      expect(dropped, step).toEqual(['chain_c', 'chain_b', 'chain_a']);
      for (const name of chain) expect(await relationKind(pg, schema, name), `${step}: ${name}`).toBeUndefined();
    }
    for (const name of chain) removeFile(dir, `models/marts/${name}.sql`);
  });

  it('works with the rest of dbt: ref() from a table model, build with tests, docs generate, ls and compile', async () => {
    writeFile(dir, 'models/marts/downstream.sql', "{{ config(materialized='table') }}\nselect customer_id, total_amount from {{ ref('order_totals') }}\n");
    const build = await dbt.ok(['build', '--select', 'raw_orders', 'order_totals', 'downstream']);
    const order = build.results.map((r) => r.unique_id);
    expect(order.indexOf(`model.${PROJECT}.order_totals`)).toBeLessThan(order.indexOf(`model.${PROJECT}.downstream`));
    expect(build.results.filter((r) => r.unique_id.startsWith('test.')).every((r) => r.status === 'pass')).toBe(true);
    expect((await sql(pg, `select count(*)::int as n from "${schema}".downstream`))[0]?.n).toBeGreaterThan(0);
    await dbt.ok(['docs', 'generate']);
    const catalog = JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8')) as { nodes: Record<string, { columns: Record<string, unknown> }> };
    expect(Object.keys(catalog.nodes[`model.${PROJECT}.order_totals`]?.columns ?? {})).toContain(target.extension.rowIdColumn);
    const ls = await dbt.ok(['ls', '--select', 'config.materialized:stream_table', '--resource-type', 'model']);
    expect(ls.output).toContain(`${PROJECT}.marts.order_totals`);
    await dbt.ok(['compile', '--select', 'order_totals']);
    await sql(pg, `update ${names.st.qualified} set status = 'ERROR' where ${names.st.schema} = $1 and ${names.st.name} = 'order_totals'`, [schema]);
    const fresh = await dbt.run(['run-operation', `${PREFIX}_check_freshness`, '--args', '{model_name: order_totals}']);
    expect(fresh.exitCode).not.toBe(0);
    expect(fresh.output).toContain('status ERROR');
  });
});
