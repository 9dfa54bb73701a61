/** Reads the target extension's catalog and stream-table rows after each dbt step. */
import type { pgsStreamTables } from '../spec/pgstream/catalog/pgs-stream-tables.ts';
import type { Column, SqlType } from '../spec/types.ts';
import { targetNames } from './catalog.ts';
import type { ConnectionInfo } from './server.ts';
import { withClient } from './server.ts';
import { selectedTarget } from './target.ts';

/** What node-postgres returns for each SQL type of the spec (bigint as a string, as the driver does). */
type TsOf<T extends SqlType> = T extends 'text' | 'pg_lsn'
  ? string
  : T extends 'boolean'
    ? boolean
    : T extends 'integer' | 'oid' | 'double precision'
      ? number
      : T extends 'bigint'
        ? string
        : T extends 'timestamptz'
          ? Date
          : T extends 'text[]' | 'bigint[]'
            ? string[]
            : unknown;

/** A row of a catalog relation, typed from its spec: one property per column, null where the column is nullable. */
export type RowOf<R extends { readonly columns: readonly Column[] }> = {
  [C in R['columns'][number] as C['name']]: C['nullable'] extends true ? TsOf<C['type']> | null : TsOf<C['type']>;
};

/**
 * A row of the selected target's stream-table catalog. Typed from pg_stream's (spec/pgstream/catalog/pgs-stream-tables.ts):
 * the columns scenarios read by name (status, schedule, refresh_mode, is_populated, data_timestamp, last_refresh_at)
 * have the same names and types in every target; the rest are read by role (`row[names.st.id]`).
 */
export type CatalogRow = RowOf<typeof pgsStreamTables> & Record<string, unknown>;

/** `select * from <api schema>.<stream tables relation> where <schema column> = $1`, from the target's catalog roles. */
function streamTablesSql(by: 'schema' | 'schema and name'): string {
  const { extension, catalogRoles } = selectedTarget();
  const st = catalogRoles.streamTables;
  const where = by === 'schema' ? `${st.schema} = $1 order by ${st.name}` : `${st.schema} = $1 and ${st.name} = $2`;
  return `select * from ${extension.apiSchema}.${st.relation} where ${where}`;
}

export async function sql<T extends Record<string, unknown> = Record<string, unknown>>(pg: ConnectionInfo, text: string, params: unknown[] = []): Promise<T[]> {
  return await withClient(pg, async (c) => (await c.query<T>(text, params)).rows);
}

export async function catalogRow(pg: ConnectionInfo, schema: string, name: string): Promise<CatalogRow | undefined> {
  const rows = await sql<CatalogRow & Record<string, unknown>>(pg, streamTablesSql('schema and name'), [schema, name]);
  return rows[0];
}

export async function catalogRowsInSchema(pg: ConnectionInfo, schema: string): Promise<CatalogRow[]> {
  return await sql<CatalogRow & Record<string, unknown>>(pg, streamTablesSql('schema'), [schema]);
}

export async function relationKind(pg: ConnectionInfo, schema: string, name: string): Promise<string | undefined> {
  const rows = await sql<{ relkind: string }>(
    pg,
    'select c.relkind::text as relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2',
    [schema, name],
  );
  return rows[0]?.relkind;
}

/** Waits (polling, no fixed sleep) until the stream table is populated, or fails after timeoutMs. */
export async function waitPopulated(pg: ConnectionInfo, schema: string, name: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await catalogRow(pg, schema, name);
    if (row?.is_populated) return;
    if (Date.now() > deadline) throw new Error(`${schema}.${name} not populated after ${timeoutMs} ms (row: ${JSON.stringify(row)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The columns of a catalog row that dbt decides: identity, query, schedule, mode and status. The scheduler (real or
 * emulated) moves data_timestamp, last_refresh_at, frontier and updated_at on its own every second or so, so
 * "did this dbt step leave the stream table alone?" compares these, never the whole row. The identity columns are
 * the target's (catalog roles: id, relid, schema, name), read as `def[names.st.id]`.
 */
const DEFINITION_COLUMNS = [
  'defining_query',
  'original_query',
  'schedule',
  'refresh_mode',
  'status',
  'created_at',
] as const satisfies readonly (keyof CatalogRow)[];
export type Definition = Pick<CatalogRow, (typeof DEFINITION_COLUMNS)[number]> & Record<string, unknown>;

export async function definition(pg: ConnectionInfo, schema: string, name: string): Promise<Definition | undefined> {
  const row = await catalogRow(pg, schema, name);
  const st = selectedTarget().catalogRoles.streamTables;
  const columns = [st.id, st.relid, st.schema, st.name, ...DEFINITION_COLUMNS];
  return row === undefined ? undefined : (Object.fromEntries(columns.map((c) => [c, row[c]])) as Definition);
}

/** Polls `probe` until it returns a value that is not undefined, or fails after timeoutMs saying what it waited for. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const SENTINEL_SCHEMA = 'dbt_harness';
const SENTINEL = `${SENTINEL_SCHEMA}.tick_sentinel`;

/**
 * Returns once the scheduler (the real background worker, or the emulator's ticker) has completed a tick that
 * started after this call: a sentinel stream table with a '1m' schedule is set two days stale, and the scheduler
 * refreshes a stale table at its next tick. A negative check ("the scheduler left X alone") made after this is
 * meaningful. The scheduler serves the target's scheduler database only.
 */
export async function waitForSchedulerTick(pg: ConnectionInfo, timeoutMs = 30_000): Promise<void> {
  const n = targetNames();
  const c = { ...pg, database: selectedTarget().extension.schedulerDatabase ?? pg.database };
  const stale = `update ${n.st.qualified} set ${n.st.currentAsOf} = now() - interval '2 days' where ${n.st.schema} = $1 and ${n.st.name} = 'tick_sentinel'`;
  await withClient(c, async (client) => {
    await client.query(`create schema if not exists ${SENTINEL_SCHEMA}`);
    await client.query(`create table if not exists ${SENTINEL_SCHEMA}.tick_source (id int primary key)`);
    const exists = await client.query(`select 1 from ${n.st.qualified} where ${n.st.schema} = $1 and ${n.st.name} = 'tick_sentinel'`, [SENTINEL_SCHEMA]);
    if (exists.rowCount === 0) {
      await client.query(`select ${n.create}('${SENTINEL}', 'select id from ${SENTINEL_SCHEMA}.tick_source', '1m', 'FULL')`);
      // re-signal the scheduler after commit (observed O7: a create whose transaction spans a tick is not scheduled)
      await client.query(`select ${n.alter}('${SENTINEL}')`);
    }
    await client.query(stale, [SENTINEL_SCHEMA]);
  });
  await waitUntil(
    `a scheduler tick (the sentinel stream table ${SENTINEL}, two days stale, was not refreshed: is the scheduler stalled by a failing refresh?)`,
    async () => {
      const rows = await sql<{ fresh: boolean }>(
        c,
        `select ${n.st.currentAsOf} > now() - interval '1 day' as fresh from ${n.st.qualified} where ${n.st.schema} = $1 and ${n.st.name} = 'tick_sentinel'`,
        [SENTINEL_SCHEMA],
      );
      return rows[0]?.fresh ? true : undefined;
    },
    timeoutMs,
  );
}

export async function dropSchema(pg: ConnectionInfo, schema: string): Promise<void> {
  await withClient(pg, async (c) => {
    const n = targetNames();
    const sts = await c.query<{ n: string }>(`select ${n.st.schema} || '.' || ${n.st.name} as n from ${n.st.qualified} where ${n.st.schema} = $1`, [schema]);
    for (const r of sts.rows) {
      // pg_stream 0.1.1's drop_stream_table fails for a stream table whose table source is gone (observed O3);
      // DROP SCHEMA ... CASCADE below drops its storage table, and with it the catalog row.
      await c.query(`select ${n.drop}($1)`, [r.n]).catch(() => undefined);
    }
    await c.query(`drop schema if exists "${schema}" cascade`);
  });
}

/** Rows in which a stream table and its query differ (both ways, duplicates counted), over the query's columns: the table has the extension's own columns too. */
export async function rowsDiffering(pg: ConnectionInfo, table: string, query: string): Promise<number> {
  return await withClient(pg, async (c) => {
    const cols = (await c.query(`select * from (${query}) q limit 0`)).fields.map((f) => `"${f.name.replaceAll('"', '""')}"`).join(', ');
    const mine = `select ${cols} from ${table}`;
    const theirs = `select ${cols} from (${query}) q`;
    const rows = (await c.query<{ n: number }>(`select count(*)::int as n from ((${mine} except all ${theirs}) union all (${theirs} except all ${mine})) d`))
      .rows;
    return rows[0]?.n ?? -1;
  });
}
