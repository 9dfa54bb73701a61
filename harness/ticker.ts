/**
 * The emulator's background worker: calls <api schema>._emulator_tick() every second for as long as the server runs,
 * in the databases the real scheduler serves: the target's schedulerDatabase (pg_stream: 'postgres' only), or, for an
 * extension with a scheduler per database (pg_trickle), every database in which the extension is created. Each
 * connection names itself as the real worker is named in pg_stat_activity (application_name = the spec's scheduler
 * process) and stays connected to its database, so the package's check that a scheduler serves the database sees it
 * as it sees the real one. As the real worker does after an error, a tick that fails (a refresh raised an error, or
 * the extension is not created yet) is followed by a 5 s pause in that database.
 */
import pg from 'pg';
import type { ConnectionInfo } from './server.ts';
import { selectedTarget } from './target.ts';

export interface Ticker {
  stop(): Promise<void>;
}

/** One database's worker: its connection and when it may tick next. */
interface Worker {
  client: pg.Client | undefined;
  notBefore: number;
}

export function startTicker(c: ConnectionInfo, intervalMs = 1000, restartMs = 5000): Ticker {
  const { extension } = selectedTarget();
  let stopped = false;
  let wake: (() => void) | undefined;
  const workers = new Map<string, Worker>();
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      wake = () => {
        clearTimeout(t);
        r();
      };
    });
  const connect = async (database: string): Promise<pg.Client> => {
    const client = new pg.Client({ ...c, database, application_name: extension.schedulerProcess });
    client.on('error', () => {});
    client.on('notice', () => {});
    await client.connect();
    return client;
  };
  /** The databases to serve now: the one the spec names, or every database with the extension created. */
  const databases = async (): Promise<string[]> => {
    if (extension.schedulerDatabase !== undefined) return [extension.schedulerDatabase];
    const main = workers.get(c.database)?.client ?? (await connect(c.database));
    if (!workers.has(c.database)) workers.set(c.database, { client: main, notBefore: 0 });
    const rows = await main.query<{ datname: string }>('select datname from pg_database where datallowconn and not datistemplate order by datname');
    return rows.rows.map((r) => r.datname);
  };
  const tick = async (database: string): Promise<void> => {
    const w = workers.get(database) ?? { client: undefined, notBefore: 0 };
    workers.set(database, w);
    if (Date.now() < w.notBefore) return;
    try {
      w.client ??= await connect(database);
      if (extension.schedulerDatabase === undefined) {
        // as the real launcher: a database without the extension has no scheduler connected
        const has = await w.client.query(`select to_regprocedure('${extension.apiSchema}._emulator()') is not null as ok`);
        if (!has.rows[0]?.ok) {
          if (database !== c.database) {
            await w.client.end().catch(() => {});
            w.client = undefined;
          }
          w.notBefore = Date.now() + restartMs;
          return;
        }
      }
      await w.client.query(`select * from ${extension.apiSchema}._emulator_tick()`);
    } catch {
      await w.client?.end().catch(() => {});
      w.client = undefined;
      w.notBefore = Date.now() + restartMs;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      try {
        for (const database of await databases()) {
          if (stopped) break;
          await tick(database);
        }
      } catch {
        // the server is restarting or the main connection broke: try again after a pause
        const main = workers.get(c.database);
        await main?.client?.end().catch(() => {});
        workers.delete(c.database);
        if (!stopped) await sleep(restartMs);
        continue;
      }
      if (!stopped) await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await Promise.all([...workers.values()].map(async (w) => await w.client?.end().catch(() => {})));
    },
  };
}
