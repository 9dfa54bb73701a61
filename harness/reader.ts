/**
 * A reader in a loop, as a dashboard would be: one autocommit query every 10 ms until stopped. Reports what it saw
 * (each distinct result with how often), its errors and its worst wait. Used by the swap scenario and the bench.
 */
import { performance } from 'node:perf_hooks';
import type { ConnectionInfo } from './server.ts';
import { connect } from './server.ts';

export interface ReaderReport {
  /** Each distinct result (the query's first row, its values joined with '/') and how many reads returned it. */
  readonly seen: ReadonlyMap<string, number>;
  readonly errors: readonly string[];
  readonly reads: number;
  /** The longest single read, in ms. */
  readonly worstMs: number;
}

export function startReader(pg: ConnectionInfo, query: string, everyMs = 10): { stop(): Promise<ReaderReport> } {
  const seen = new Map<string, number>();
  const errors: string[] = [];
  let worstMs = 0;
  let reads = 0;
  let stopping = false;
  const done = (async () => {
    const c = await connect(pg);
    try {
      while (!stopping) {
        const t = performance.now();
        try {
          const r = await c.query({ text: query, rowMode: 'array' });
          const key = (r.rows[0] as unknown[] | undefined)?.map(String).join('/') ?? '(no row)';
          seen.set(key, (seen.get(key) ?? 0) + 1);
        } catch (e) {
          errors.push((e as Error).message);
        }
        reads++;
        worstMs = Math.max(worstMs, performance.now() - t);
        await new Promise((res) => setTimeout(res, everyMs));
      }
    } finally {
      await c.end();
    }
  })();
  return {
    async stop() {
      stopping = true;
      await done;
      return { seen, errors, reads, worstMs };
    },
  };
}
