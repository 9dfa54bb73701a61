/**
 * A PostgreSQL 17 server from the optional npm package pg17-binaries (linux-x64 only), to check the package's
 * "PostgreSQL older than 18" error against a real older server. Returns undefined when the binaries are absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster } from './cluster.ts';
import { ROOT } from './paths.ts';
import type { ConnectionInfo } from './server.ts';

const INSTALL = join(ROOT, 'node_modules', 'pg17-binaries', 'native');

export function oldPostgresAvailable(): boolean {
  return existsSync(join(INSTALL, 'bin', 'postgres'));
}

export async function startOldPostgres(port: number): Promise<{ connection: ConnectionInfo; stop: () => Promise<void> } | undefined> {
  if (!oldPostgresAvailable()) return undefined;
  const login = { user: 'postgres', password: 'postgres' };
  const cluster = await startCluster({ installDir: INSTALL, port, ...login, label: 'pg17' });
  return { connection: { host: '127.0.0.1', port, ...login, database: 'postgres' }, stop: cluster.stop };
}
