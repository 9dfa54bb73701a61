/**
 * The emulator's background worker: calls <api schema>._emulator_tick() every second on the database the real scheduler
 * serves (the target's schedulerDatabase, else the server's database), for as long as the server runs. Its connection names itself as the real worker is named in
 * pg_stat_activity (application_name = the spec's scheduler process), so the package's check that a scheduler serves
 * the database sees it as it sees the real one. As the real worker does after an error, a
 * tick that fails (a refresh raised an error, or the extension is not created yet) is followed by a 5 s pause.
 */
import pg from 'pg';
import type { ConnectionInfo } from './server.ts';
import { selectedTarget } from './target.ts';

export interface Ticker {
  stop(): Promise<void>;
}

export function startTicker(c: ConnectionInfo, intervalMs = 1000, restartMs = 5000): Ticker {
  let stopped = false;
  let client: pg.Client | undefined;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      wake = () => {
        clearTimeout(t);
        r();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      try {
        if (client === undefined) {
          const { extension } = selectedTarget();
          client = new pg.Client({ ...c, database: extension.schedulerDatabase ?? c.database, application_name: extension.schedulerProcess });
          client.on('error', () => {});
          client.on('notice', () => {});
          await client.connect();
        }
        await client.query(`select * from ${selectedTarget().extension.apiSchema}._emulator_tick()`);
        await sleep(intervalMs);
      } catch {
        await client?.end().catch(() => {});
        client = undefined;
        if (!stopped) await sleep(restartMs);
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await client?.end().catch(() => {});
    },
  };
}
