/**
 * `indexes`, `grants` and `persist_docs` on a stream table, as on dbt's table materialization: applied on create and
 * replace, and on a re-run only what differs (found in the one catalog read, so an unchanged re-run stays a no-op).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { targetNames } from '../../harness/catalog.ts';
import { dbtRunner } from '../../harness/dbt.ts';
import { catalogRow, dropSchema, sql } from '../../harness/pg.ts';
import { copyIntegrationProject, writeFile } from '../../harness/project.ts';
import { selectedTarget } from '../../harness/target.ts';

const names = targetNames();
const target = selectedTarget();
/** The prefix of the package's own index names. */
const OURS = `${target.package.projectName}_idx_`;
const oursPattern = new RegExp(`${OURS}\\w+`);

const pg = inject('pg');
const backend = inject('backend');

describe.each(inject('dbtMinors'))(`indexes, grants and persist_docs on dbt %s (${backend.label})`, (minor) => {
  const suffix = minor.replace('.', '_');
  const schema = `tf_${suffix}`;
  const [readerA, readerB] = [`tf_reader_a_${suffix}`, `tf_reader_b_${suffix}`];
  const dir = copyIntegrationProject(`table-features-${minor}`);
  const dbt = dbtRunner(minor, dir, schema, pg);

  const model = (cfg: string, where = 'total_amount > 0') =>
    writeFile(
      dir,
      'models/marts/featured.sql',
      `{{ config(materialized='stream_table', schedule='1h', ${cfg}) }}\nselect customer_id, total_amount from {{ ref('raw_orders_totals') }} where ${where}\n`,
    );
  const docs = (relation: string, column: string) =>
    writeFile(
      dir,
      'models/marts/featured.yml',
      `version: 2\nmodels:\n  - name: featured\n    description: ${relation}\n    columns:\n      - name: customer_id\n        description: ${column}\n`,
    );
  const indexes = async () =>
    await sql<{ name: string; def: string }>(
      pg,
      `select indexname as name, indexdef as def from pg_indexes where schemaname = $1 and tablename = 'featured' order by 1`,
      [schema],
    );
  const grants = async () =>
    (
      await sql<{ g: string }>(
        pg,
        `select grantee || ':' || privilege_type as g from information_schema.role_table_grants where table_schema = $1 and table_name = 'featured' and grantee <> current_role order by 1`,
        [schema],
      )
    ).map((r) => r.g);
  const comments = async () =>
    (
      await sql<{ rel: string | null; col: string | null }>(
        pg,
        `select obj_description(c.oid, 'pg_class') as rel, col_description(c.oid, a.attnum) as col from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid and a.attname = 'customer_id' where n.nspname = $1 and c.relname = 'featured'`,
        [schema],
      )
    )[0];
  const status = (r: Awaited<ReturnType<typeof dbt.run>>) => r.results.find((x) => x.unique_id.endsWith('.featured'));

  beforeAll(async () => {
    await dropSchema(pg, schema);
    await sql(
      pg,
      `do $$ begin create role ${readerA}; exception when duplicate_object then null; end $$; do $$ begin create role ${readerB}; exception when duplicate_object then null; end $$`,
    );
    await dbt.ok(['deps']);
    await dbt.ok(['seed']);
    // a plain table model to read, so this stream table is refreshed by the scheduler (no stream table upstream); with
    // a primary key, since pg_trickle's guards refuse a query that does not aggregate over a table without one (T25)
    writeFile(
      dir,
      'models/raw_orders_totals.sql',
      "{{ config(materialized='table', post_hook='alter table {{ this }} add primary key (customer_id)') }}\nselect customer_id, sum(amount) as total_amount from {{ ref('raw_orders') }} group by customer_id\n",
    );
    await dbt.ok(['run', '--select', 'raw_orders_totals']);
  });
  afterAll(async () => {
    await dropSchema(pg, schema);
    await sql(pg, `drop role if exists ${readerA}; drop role if exists ${readerB}`);
  });

  it('creates the declared indexes (deterministic names), grants and comments with the stream table; an unchanged re-run is a no-op', async () => {
    model(
      `indexes=[{'columns': ['customer_id'], 'unique': true}, {'columns': ['total_amount'], 'type': 'hash'}], grants={'select': ['${readerA}']}, persist_docs={'relation': true, 'columns': true}`,
    );
    docs('Customers with a positive total', 'The customer');
    const first = await dbt.ok(['run', '--select', 'featured']);
    expect(status(first)?.message).toBe('CREATE stream table');
    const made = await indexes();
    // the extension's own unique index on its row id column
    expect(
      made.some((i) => i.name.startsWith('featured_') && i.name.includes(target.extension.rowIdColumn)),
      JSON.stringify(made),
    ).toBe(true);
    const ours = made.filter((i) => i.name.startsWith(OURS));
    expect(ours.map((i) => i.def.replace(oursPattern, 'X').replace(`${schema}.`, 'S.'))).toEqual(
      expect.arrayContaining(['CREATE UNIQUE INDEX X ON S.featured USING btree (customer_id)', 'CREATE INDEX X ON S.featured USING hash (total_amount)']),
    );
    expect(ours).toHaveLength(2);
    expect(await grants()).toEqual([`${readerA}:SELECT`]);
    expect(await comments()).toEqual({ rel: 'Customers with a positive total', col: 'The customer' });
    const again = await dbt.ok(['run', '--select', 'featured']);
    expect(status(again)?.message).toBe('NOOP stream table');
    expect((await indexes()).map((i) => i.name)).toEqual(made.map((i) => i.name));
  });

  it('on a re-run, creates missing indexes and drops undeclared ones (its own only), diffs grants and re-applies changed docs, without replacing', async () => {
    const before = await catalogRow(pg, schema, 'featured');
    const extensionIndexes = (await indexes()).filter((i) => !i.name.startsWith(OURS)).map((i) => i.name);
    model(
      `indexes=[{'columns': ['customer_id'], 'unique': true}, {'columns': ['customer_id', 'total_amount']}], grants={'select': ['${readerB}'], 'insert': ['${readerB}']}, persist_docs={'relation': true, 'columns': true}`,
    );
    docs('Customers who bought something', 'The customer id');
    const r = await dbt.ok(['run', '--select', 'featured']);
    expect(status(r)?.message).toBe('UPDATE stream table (indexes +1 -1, grants, docs)');
    const after = await indexes();
    expect(after.filter((i) => !i.name.startsWith(OURS)).map((i) => i.name)).toEqual(extensionIndexes);
    expect(
      after
        .filter((i) => i.name.startsWith(OURS))
        .map((i) => i.def.replace(oursPattern, 'X').replace(`${schema}.`, 'S.'))
        .sort(),
    ).toEqual(['CREATE INDEX X ON S.featured USING btree (customer_id, total_amount)', 'CREATE UNIQUE INDEX X ON S.featured USING btree (customer_id)']);
    expect(await grants()).toEqual([`${readerB}:INSERT`, `${readerB}:SELECT`]);
    expect(await comments()).toEqual({ rel: 'Customers who bought something', col: 'The customer id' });
    expect((await catalogRow(pg, schema, 'featured'))?.[names.st.id]).toBe(before?.[names.st.id]);
    expect(status(await dbt.ok(['run', '--select', 'featured']))?.message).toBe('NOOP stream table');
    // grants: {} changes nothing, as dbt's apply_grants (only a non-empty config is diffed)
    model(
      "indexes=[{'columns': ['customer_id'], 'unique': true}, {'columns': ['customer_id', 'total_amount']}], grants={}, persist_docs={'relation': true, 'columns': true}",
    );
    expect(status(await dbt.ok(['run', '--select', 'featured']))?.message).toBe('NOOP stream table');
    expect(await grants()).toEqual([`${readerB}:INSERT`, `${readerB}:SELECT`]);
  });

  it('leaves a privilege granted by hand alone when grants are unset, and when they are removed from the model', async () => {
    // never had grants: a grant by hand (as the role dbt connects with) survives a plain run
    model(
      "indexes=[{'columns': ['customer_id'], 'unique': true}, {'columns': ['customer_id', 'total_amount']}], persist_docs={'relation': true, 'columns': true}",
    );
    await sql(pg, `revoke all on ${schema}.featured from ${readerB}; grant select on ${schema}.featured to ${readerA}`);
    expect(status(await dbt.ok(['run', '--select', 'featured']))?.message).toBe('NOOP stream table');
    expect(await grants()).toEqual([`${readerA}:SELECT`]);
    // grants set, then removed from the model: what was granted stays, as on a dbt table
    model(
      `indexes=[{'columns': ['customer_id'], 'unique': true}, {'columns': ['customer_id', 'total_amount']}], grants={'select': ['${readerA}', '${readerB}']}, persist_docs={'relation': true, 'columns': true}`,
    );
    expect(status(await dbt.ok(['run', '--select', 'featured']))?.message).toBe('UPDATE stream table (grants)');
    expect(await grants()).toEqual([`${readerA}:SELECT`, `${readerB}:SELECT`]);
    model(
      "indexes=[{'columns': ['customer_id'], 'unique': true}, {'columns': ['customer_id', 'total_amount']}], persist_docs={'relation': true, 'columns': true}",
    );
    expect(status(await dbt.ok(['run', '--select', 'featured']))?.message).toBe('NOOP stream table');
    expect(await grants()).toEqual([`${readerA}:SELECT`, `${readerB}:SELECT`]);
    // a non-empty config is diffed: a privilege granted by hand that the model does not list is revoked, as dbt does
    await sql(pg, `grant insert on ${schema}.featured to ${readerA}`);
    model(
      `indexes=[{'columns': ['customer_id'], 'unique': true}, {'columns': ['customer_id', 'total_amount']}], grants={'select': ['${readerA}']}, persist_docs={'relation': true, 'columns': true}`,
    );
    expect(status(await dbt.ok(['run', '--select', 'featured']))?.message).toBe('UPDATE stream table (grants)');
    expect(await grants()).toEqual([`${readerA}:SELECT`]);
  });

  it('a replace (query change) recreates the indexes, grants and comments on the new storage table', async () => {
    model(
      `indexes=[{'columns': ['customer_id'], 'unique': true}], grants={'select': ['${readerA}']}, persist_docs={'relation': true, 'columns': true}`,
      'total_amount > 1',
    );
    const r = await dbt.ok(['run', '--select', 'featured']);
    expect(status(r)?.message).toMatch(/^REPLACE stream table \(query changed/);
    expect((await indexes()).filter((i) => i.name.startsWith(OURS))).toHaveLength(1);
    expect(await grants()).toEqual([`${readerA}:SELECT`]);
    expect(await comments()).toEqual({ rel: 'Customers who bought something', col: 'The customer id' });
  });

  it('refuses a malformed indexes config before any statement, naming the model and what is allowed', async () => {
    const before = await catalogRow(pg, schema, 'featured');
    model(
      "indexes=[{'columns': 'customer_id'}, {'columns': ['customer_id'], 'type': 'bitmap'}, {'columns': ['customer_id'], 'uniq': true}]",
      'total_amount > 2',
    );
    const r = await dbt.run(['run', '--select', 'featured']);
    expect(r.exitCode).toBe(1);
    // dbt indents the compilation error by two spaces
    expect(status(r)?.message).toContain(`${target.package.name}: invalid config for model 'featured':
    - index 1: columns must be a non-empty list of column names, got 'customer_id'
    - index 2: type must be one of btree, hash, gist, spgist, gin, brin, got 'bitmap'
    - index 3: unknown key(s) uniq (allowed: columns, unique, type)`);
    expect(await catalogRow(pg, schema, 'featured')).toEqual(before);
  });
});
