/** Reads pg_stream's catalog and stream-table rows after each dbt step. */
import type { ConnectionInfo } from './server.ts';
import { withClient } from './server.ts';

export interface CatalogRow {
  pgs_id: string;
  pgs_schema: string;
  pgs_name: string;
  status: string;
  schedule: string | null;
  refresh_mode: string;
  is_populated: boolean;
  data_timestamp: Date | null;
  consecutive_errors: number;
  created_at: Date;
  original_query: string | null;
  defining_query: string;
}

export async function sql<T extends Record<string, unknown> = Record<string, unknown>>(pg: ConnectionInfo, text: string, params: unknown[] = []): Promise<T[]> {
  return await withClient(pg, async (c) => (await c.query<T>(text, params)).rows);
}

export async function catalogRow(pg: ConnectionInfo, schema: string, name: string): Promise<CatalogRow | undefined> {
  const rows = await sql<CatalogRow & Record<string, unknown>>(pg, 'select * from pgstream.pgs_stream_tables where pgs_schema = $1 and pgs_name = $2', [schema, name]);
  return rows[0];
}

export async function catalogRowsInSchema(pg: ConnectionInfo, schema: string): Promise<CatalogRow[]> {
  return await sql<CatalogRow & Record<string, unknown>>(pg, 'select * from pgstream.pgs_stream_tables where pgs_schema = $1 order by pgs_name', [schema]);
}

export async function relationKind(pg: ConnectionInfo, schema: string, name: string): Promise<string | undefined> {
  const rows = await sql<{ relkind: string }>(pg, 'select c.relkind::text as relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2', [schema, name]);
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

/** Runs due scheduled refreshes: the emulator's tick, or (real extension) nothing: its background worker does it. */
export async function schedulerTick(pg: ConnectionInfo, backend: { kind: string }, at?: Date): Promise<void> {
  if (backend.kind === 'emulator') await sql(pg, 'select * from pgstream._emulator_tick($1)', [at ?? new Date()]);
}

export async function dropSchema(pg: ConnectionInfo, schema: string): Promise<void> {
  await withClient(pg, async (c) => {
    const sts = await c.query<{ n: string }>("select pgs_schema || '.' || pgs_name as n from pgstream.pgs_stream_tables where pgs_schema = $1", [schema]);
    for (const r of sts.rows) await c.query('select pgstream.drop_stream_table($1)', [r.n]);
    await c.query(`drop schema if exists "${schema}" cascade`);
  });
}
