/**
 * pg_trickle's own config keys through dbt-pgtrickle (docs/pgtrickle-observed.md): AUTO compared with what it
 * resolved to (re-runs stay no-ops, where upstream's package fails, T1); keys only alter_stream_table takes set right
 * after a create and changed in place; a limit set back to none stored as NULL in place; partition_by compared on
 * every run (a change recreates the table); values upstream's dbt-pgtrickle documents but pg_trickle rejects refused
 * before any statement; the query guards (T7, T24; T25: a query that does not aggregate over a table without a primary
 * key); the guard function pg_trickle leaves behind removed with the stream table (T12).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { targetNames } from '../../harness/catalog.ts';
import { dbtRunner } from '../../harness/dbt.ts';
import { catalogRow, catalogRowsInSchema, dropSchema, rowsDiffering, sql } from '../../harness/pg.ts';
import { copyIntegrationProject, KEYED_ORDERS_MODEL, removeFile, writeFile } from '../../harness/project.ts';
import { selectedTarget, skippedOnTarget } from '../../harness/target.ts';

const names = targetNames();
const target = selectedTarget();
const pg = inject('pg');
const backend = inject('backend');

const skip = skippedOnTarget(['pgtrickle'], "it tests pg_trickle's own config keys");
const skipNote = skip ? ` (${skip})` : '';

describe.skipIf(skip !== undefined).each(inject('dbtMinors'))(`pg_trickle's own config keys on dbt %s (${backend.label})${skipNote}`, (minor) => {
  const schema = `ptk_${minor.replace('.', '_')}`;
  const dir = copyIntegrationProject(`pgtrickle-keys-${minor}`);
  const dbt = dbtRunner(minor, dir, schema, pg);
  const body = "select customer_id, sum(amount) as total, count(*) as n from {{ ref('raw_orders') }} group by customer_id\n";
  const model = (name: string, cfg: string) => writeFile(dir, `models/marts/${name}.sql`, `{{ config(materialized='stream_table', ${cfg}) }}\n${body}`);
  const message = (r: Awaited<ReturnType<typeof dbt.run>>, name: string) => r.results.find((x) => x.unique_id.endsWith(`.${name}`))?.message;
  const guardFunctions = async () =>
    (
      await sql<{ f: string }>(
        pg,
        "select p.proname as f from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = $1 and p.proname like '\\_pgt\\_guard\\_%' order by 1",
        [schema],
      )
    ).map((r) => r.f);

  beforeAll(async () => {
    await dropSchema(pg, schema);
    await dbt.ok(['deps']);
    await dbt.ok(['seed']);
  });
  afterAll(async () => {
    await dropSchema(pg, schema);
  });

  it('creates an AUTO model (the default) as what AUTO resolved to, and re-runs it as a no-op', async () => {
    model('auto_totals', "schedule='1h'");
    const created = await dbt.ok(['run', '--select', 'auto_totals']);
    expect(message(created, 'auto_totals')).toBe('CREATE stream table');
    // the log says what AUTO became
    expect(created.output).toMatch(/created stream table \S*auto_totals \(refresh_mode AUTO resolved to DIFFERENTIAL\)/);
    const row = await catalogRow(pg, schema, 'auto_totals');
    expect(row).toMatchObject({ refresh_mode: 'DIFFERENTIAL', status: 'ACTIVE', schedule: '1h' });
    const again = await dbt.ok(['run', '--select', 'auto_totals']);
    expect(message(again, 'auto_totals')).toBe('NOOP stream table');
    expect((await catalogRow(pg, schema, 'auto_totals'))?.updated_at).toEqual(row?.updated_at);
  });

  it('sets the keys only alter_stream_table takes right after the create, and changes them in place', async () => {
    model(
      'tuned',
      "schedule='1h', refresh_mode='DIFFERENTIAL', tier='Warm', fuse='on', fuse_ceiling=1000, post_refresh_action='analyze', max_differential_joins=4",
    );
    await dbt.ok(['run', '--select', 'tuned']);
    const row = await catalogRow(pg, schema, 'tuned');
    expect(row).toMatchObject({
      refresh_tier: 'warm',
      fuse_mode: 'on',
      post_refresh_action: 'analyze',
      max_differential_joins: 4,
      status: 'ACTIVE',
    });
    expect(String(row?.fuse_ceiling)).toBe('1000');
    expect(message(await dbt.ok(['run', '--select', 'tuned']), 'tuned')).toBe('NOOP stream table');

    // tier changed and the join limit removed: both in place (alter_stream_table stores NULL for 0)
    model('tuned', "schedule='1h', refresh_mode='DIFFERENTIAL', tier='cold', fuse='on', fuse_ceiling=1000, post_refresh_action='analyze'");
    const altered = await dbt.ok(['run', '--select', 'tuned']);
    expect(message(altered, 'tuned')).toBe("ALTER stream table (max_differential_joins 4 -> None, tier 'warm' -> 'cold')");
    const after = await catalogRow(pg, schema, 'tuned');
    expect(after).toMatchObject({ [names.st.id]: row?.[names.st.id], refresh_tier: 'cold', max_differential_joins: null });
    expect(message(await dbt.ok(['run', '--select', 'tuned']), 'tuned')).toBe('NOOP stream table');
  });

  it('recreates the stream table when partition_by changes, and compares it on every run', async () => {
    model('parted', "schedule='1h', partition_by='customer_id'");
    await dbt.ok(['run', '--select', 'parted']);
    const row = await catalogRow(pg, schema, 'parted');
    expect(row).toMatchObject({ st_partition_key: 'customer_id' });
    expect(message(await dbt.ok(['run', '--select', 'parted']), 'parted')).toBe('NOOP stream table');
    model('parted', "schedule='1h'");
    const replaced = await dbt.ok(['run', '--select', 'parted']);
    expect(message(replaced, 'parted')).toContain('REPLACE stream table');
    const after = await catalogRow(pg, schema, 'parted');
    expect(after).toMatchObject({ st_partition_key: null });
    expect(after?.[names.st.id]).not.toBe(row?.[names.st.id]);
  });

  it("refuses, before any statement, the values upstream's dbt-pgtrickle documents and pg_trickle rejects, naming what to use", async () => {
    model('upstream_values', "schedule='1h', status='PAUSED', diamond_consistency='STRICT', storage_backend='unlogged'");
    const r = await dbt.run(['run', '--select', 'upstream_values']);
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toContain(`${target.package.name}: invalid config for model 'upstream_values'`);
    expect(r.output).toContain("use status='SUSPENDED' to pause");
    expect(r.output).toContain("'STRICT': upstream's dbt-pgtrickle 0.15 documents it, but pg_trickle 0.48.0 rejects it; use 'atomic'");
    expect(r.output).toContain("'unlogged': upstream's dbt-pgtrickle 0.15 documents it, but pg_trickle 0.48.0 rejects it; use 'heap'");
    expect(await catalogRow(pg, schema, 'upstream_values')).toBeUndefined();
  });

  it('refuses, before any statement, the queries pg_trickle builds and then fails to maintain (T7), and builds them with FULL', async () => {
    // over a copy of the seed with a primary key, so that only these guards speak (not the one for keyless tables)
    writeFile(dir, 'models/guards/keyed_orders.sql', KEYED_ORDERS_MODEL);
    await dbt.ok(['run', '--select', 'keyed_orders']);
    const src = "{{ ref('keyed_orders') }}";
    const refused: [string, string, string][] = [
      ['group_alias', `select amount > 10 as big, count(*) as n from ${src} group by big`, 'refresh_mode AUTO cannot GROUP BY big (line 2, column '],
      [
        'group_rollup',
        `select customer_id, count(*) as n from ${src} group by rollup(customer_id)`,
        'refresh_mode DIFFERENTIAL cannot GROUP BY rollup(customer_id)',
      ],
      ['alias_star', `select o.* from ${src} o`, 'refresh_mode AUTO cannot select alias.* (line 2, column 10 of the compiled SQL)'],
      ['apostrophe', `select id, 'it''s' as said from ${src}`, 'refresh_mode AUTO cannot use a string constant with an apostrophe in it (line 2, column 12 '],
      [
        'union_expression',
        `select id, amount from ${src} union all select id + 1000, amount from ${src}`,
        'refresh_mode AUTO cannot combine queries with UNION, INTERSECT or EXCEPT when a branch selects something other than a plain column under its own name (id + 1000 at line 2, column ',
      ],
    ];
    const rawModel = (name: string, cfg: string, q: string) =>
      writeFile(dir, `models/guards/${name}.sql`, `{{ config(materialized='stream_table', ${cfg}) }}\n${q}\n`);
    for (const [name, q] of refused) rawModel(name, name === 'group_rollup' ? "schedule='1h', refresh_mode='differential'" : "schedule='1h'", q);
    const r = await dbt.run(['run', '--select', 'path:models/guards', '--exclude', 'keyed_orders']);
    expect(r.exitCode).not.toBe(0);
    for (const [name, , said] of refused) {
      expect(r.output, name).toContain(`${target.package.name}: model '${name}': ${said}`);
      expect(await catalogRow(pg, schema, name), name).toBeUndefined();
    }
    expect(r.output).toContain('Nothing was sent to the database.');
    // (the column depends on the length of the schema name in the compiled ref)
    expect(r.output).toMatch(
      /cannot GROUP BY big \(line 2, column \d+ of the compiled SQL\), an alias its SELECT gives to something else: pg_trickle 0\.48\.0 builds it, then puts the stream table in ERROR at its first differential refresh with changes \(column c\.big does not exist/,
    );
    // the same queries with FULL, and GROUP BY an expression (which pg_trickle maintains), build
    for (const [name, q] of refused) rawModel(name, "schedule='1h', refresh_mode='FULL'", q);
    const maintained: [string, string][] = [
      ['group_expression', `select customer_id % 2 as parity, count(*) as n from ${src} group by customer_id % 2`],
      ['apostrophe_chr', `select id, 'it' || chr(39) || 's' as said from ${src}`],
      ['union_columns', `select id, amount from ${src} where amount > 10 union all select id, amount from ${src} where amount <= 10`],
    ];
    for (const [name, q] of maintained) rawModel(name, "schedule='1h'", q);
    await dbt.ok(['run', '--select', 'path:models/guards', '--exclude', 'keyed_orders']);
    for (const name of [...refused.map(([n]) => n), ...maintained.map(([n]) => n)])
      expect(await catalogRow(pg, schema, name), name).toMatchObject({ status: 'ACTIVE', is_populated: true });
    // the ones not refused are maintained: DIFFERENTIAL, and right after new rows, updates, deletes and a refresh
    await sql(pg, `insert into ${schema}.keyed_orders select 5000 + g, g % 4, g * 7, now() from generate_series(1, 20) g`);
    await sql(pg, `update ${schema}.keyed_orders set amount = amount + 1, customer_id = customer_id + 1 where id % 3 = 0`);
    await sql(pg, `delete from ${schema}.keyed_orders where id % 7 = 0`);
    for (const [name, q] of maintained) {
      expect(await catalogRow(pg, schema, name), name).toMatchObject({ refresh_mode: 'DIFFERENTIAL' });
      await sql(pg, `select ${names.refresh}($1)`, [`${schema}.${name}`]);
      expect(await rowsDiffering(pg, `${schema}.${name}`, q.replaceAll(src, `${schema}.keyed_orders`)), name).toBe(0);
    }
    await dbt.ok(['run-operation', 'drop_all_stream_tables']);
    for (const [name] of [...refused, ...maintained]) removeFile(dir, `models/guards/${name}.sql`);
    removeFile(dir, 'models/guards/keyed_orders.sql');
  });

  it('refuses, before anything is created, a query that does not aggregate over a table without a primary key (T25), unless allow_keyless_source', async () => {
    const seed = "{{ ref('raw_orders') }}";
    const rawModel = (name: string, cfg: string, q: string) =>
      writeFile(
        dir,
        `models/keyless/${name}.sql`,
        `{{ config(materialized='stream_table', ${cfg.includes('schedule=') ? cfg : `schedule='1h', ${cfg}`}) }}\n${q}\n`,
      );
    writeFile(dir, 'models/keyless/seed_view.sql', `{{ config(materialized='view') }}\nselect * from ${seed}\n`);
    writeFile(dir, 'models/keyless/keyed_copy.sql', KEYED_ORDERS_MODEL);
    // refused: each reads the seed (which has no primary key), directly, through a view or beside a keyed table
    const refused: [string, string, string][] = [
      ['kl_where', '', `select id, amount from ${seed} where amount > 10`],
      ['kl_distinct', "refresh_mode='DIFFERENTIAL'", `select distinct customer_id from ${seed}`],
      ['kl_window', '', `select id, sum(amount) over (partition by customer_id) as customer_total from ${seed}`],
      ['kl_view', '', "select id, amount * 2 as twice from {{ ref('seed_view') }}"],
      ['kl_join', '', `select o.id, k.amount from ${seed} o join {{ ref('keyed_copy') }} k on k.id = o.id`],
      ['kl_immediate', "refresh_mode='IMMEDIATE', schedule=none", `select id, amount from ${seed}`],
    ];
    // built: aggregating, FULL, opted in, over a stream table, over the keyed copy
    const built: [string, string, string][] = [
      ['kl_grouped', '', `select customer_id, count(*) as n, sum(amount) as total from ${seed} group by customer_id`],
      ['kl_count', '', `select count(*) as n, max(amount) as top from ${seed}`],
      ['kl_full', "refresh_mode='FULL'", `select id, amount * 2 as twice from ${seed} where amount > 10`],
      ['kl_opted_in', 'allow_keyless_source=true', `select id, amount from ${seed}`],
      ['kl_over_stream_table', '', "select customer_id, n * 2 as twice from {{ ref('kl_grouped') }} where n > 0"],
      ['kl_keyed', '', "select id, amount * 2 as twice from {{ ref('keyed_copy') }} where amount > 10"],
    ];
    for (const [name, cfg, q] of [...refused, ...built]) rawModel(name, cfg, q);
    const r = await dbt.run(['run', '--select', 'path:models/keyless']);
    expect(r.exitCode).not.toBe(0);
    for (const [name, cfg] of refused) {
      const mode = /refresh_mode='(\w+)'/.exec(cfg)?.[1] ?? 'AUTO';
      expect(message(r, name), name).toContain(
        `${target.package.name}: model '${name}': refresh_mode ${mode} over ${schema}.raw_orders, which has no primary key, with a query whose outer SELECT does not aggregate: pg_trickle 0.48.0 keeps the old version of a row after an UPDATE of such a table and a deleted row after a DELETE`,
      );
      expect(message(r, name), name).toContain('or set allow_keyless_source=true for a query you have checked. Nothing was created or changed.');
      expect(await catalogRow(pg, schema, name), name).toBeUndefined();
      expect(await sql(pg, 'select to_regclass($1) as r', [`${schema}.${name}`]), name).toEqual([{ r: null }]);
    }
    for (const [name] of built) expect(await catalogRow(pg, schema, name), `${name}: ${message(r, name)}`).toMatchObject({ status: 'ACTIVE' });
    expect(await catalogRow(pg, schema, 'kl_full')).toMatchObject({ refresh_mode: 'FULL' });
    expect(await catalogRow(pg, schema, 'kl_opted_in')).toMatchObject({ refresh_mode: 'DIFFERENTIAL' });
    // a second run leaves the built ones alone (the guard reads nothing when no query is sent)
    const again = await dbt.run(['run', '--select', ...built.map(([n]) => n)]);
    for (const [name] of built) expect(message(again, name), name).toBe('NOOP stream table');
    // switching the FULL one to DIFFERENTIAL (an alter in place, the query is not sent again) is refused the same way
    const full = built.find(([n]) => n === 'kl_full');
    rawModel('kl_full', "refresh_mode='DIFFERENTIAL'", full![2]);
    const switched = await dbt.run(['run', '--select', 'kl_full']);
    expect(switched.exitCode).not.toBe(0);
    expect(message(switched, 'kl_full')).toContain(
      `model 'kl_full': refresh_mode DIFFERENTIAL over ${schema}.raw_orders, which has no primary key, with a query whose outer SELECT does not aggregate`,
    );
    expect(await catalogRow(pg, schema, 'kl_full')).toMatchObject({ refresh_mode: 'FULL', status: 'ACTIVE' });
    await dbt.ok(['run-operation', 'drop_all_stream_tables']);
    for (const [name] of [...refused, ...built]) removeFile(dir, `models/keyless/${name}.sql`);
    removeFile(dir, 'models/keyless/seed_view.sql');
    removeFile(dir, 'models/keyless/keyed_copy.sql');
  });

  it('leaves no guard function behind when dbt drops or replaces a stream table', async () => {
    model('guarded', "schedule='1h'");
    await dbt.ok(['run', '--select', 'guarded']);
    expect(await guardFunctions()).toContain('_pgt_guard_guarded');
    await dbt.ok(['run', '--select', 'guarded', '--full-refresh']);
    expect((await guardFunctions()).filter((f) => f === '_pgt_guard_guarded')).toHaveLength(1);
    await dbt.ok(['run-operation', 'drop_all_stream_tables']);
    expect(await catalogRowsInSchema(pg, schema)).toEqual([]);
    expect(await guardFunctions()).toEqual([]);
  });
});
