/**
 * Builds a real pgrx extension (pg_stream, pg_trickle) from a checkout (PGSTREAM_SOURCE) on this kind of machine,
 * from registries only:
 *   1. PostgreSQL 18 from Debian's `postgresql-18` source package (the upstream tarball inside it), with
 *      pg_stat_statements, into a prefix of its own;
 *   2. cargo-pgrx at the version the checkout's Cargo.lock names, from crates.io (`cargo install --locked`);
 *   3. the extension: `cargo pgrx init --pg18 <pg_config>` and `cargo pgrx install --release` into a copy of (1).
 * Everything lands in a cache outside the repository (PGSTREAM_CACHE_DIR, default /var/cache/dbt-pgstream as root,
 * else ~/.cache/dbt-pgstream), keyed by PostgreSQL version, pgrx version and the checkout's commit, so a later run
 * starts in seconds. (1) and (2) run side by side. Each step writes a log and prints progress while it runs.
 * Every prerequisite of the steps still to run is checked first and named in one message (prerequisites.ts).
 * Nothing of the extension is copied into this repository.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { tail } from './cluster.ts';
import { adviceFor, firstErrorLine, formatMissing, missingPrerequisites, type Probe } from './prerequisites.ts';

export interface SourceBuild {
  /** The extension's name (its control file's): pg_stream, pg_trickle. */
  readonly extension: string;
  /** The PostgreSQL installation with the extension installed into it. */
  readonly installDir: string;
  /** What the banner says: commit (or content hash) of the checkout. */
  readonly sourceId: string;
  readonly postgresVersion: string;
  readonly pgrxVersion: string;
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PGSTREAM_CACHE_DIR) return resolve(env.PGSTREAM_CACHE_DIR);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  // As root the server runs as another OS user, which must read the cache: not under root's mode-700 home.
  return root ? '/var/cache/dbt-pgstream' : join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'dbt-pgstream');
}

const log = (msg: string): void => {
  process.stderr.write(`[source build] ${msg}\n`);
};

function run(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The machine as the prerequisite checks see it. */
const machine: Probe = {
  hasCommand: has,
  exists: (p) => existsSync(p),
  list: (d) => {
    try {
      return readdirSync(d);
    } catch {
      return [];
    }
  },
  env: (n) => process.env[n],
  llvmPrefix: () => {
    if (!has('llvm-config')) return undefined;
    try {
      return run('llvm-config', ['--prefix']).trim() || undefined;
    } catch {
      return undefined;
    }
  },
  debianSourceKnown: () => debianSourceVersion() !== undefined,
};

function debianSourceVersion(): string | undefined {
  try {
    return /^Version:\s*(\S+)/m.exec(run('apt-cache', ['showsrc', 'postgresql-18']))?.[1];
  } catch {
    return undefined;
  }
}

/** The extension a checkout builds: the name of its one control file at the top (pg_stream, pg_trickle). */
export function extensionName(checkout: string): string {
  const controls = existsSync(checkout) ? readdirSync(checkout).filter((f) => f.endsWith('.control')) : [];
  const [only] = controls;
  if (controls.length !== 1 || only === undefined || !existsSync(join(checkout, 'Cargo.toml'))) {
    throw new Error(
      `${checkout} is not a checkout of a pgrx extension (a Cargo.toml and one <name>.control at the top; found ${controls.length} control files). Get one with:\n` +
        '  git clone https://github.com/grove/pg-stream.git && git -C pg-stream checkout 8685a567   # pg_stream 0.1.1\n' +
        '  git clone https://github.com/grove/pg-stream.git && git -C pg-stream checkout v0.48.0    # pg_trickle 0.48.0',
    );
  }
  return only.slice(0, -'.control'.length);
}

/** The checkout's identity: its git commit (with a hash of uncommitted changes), or a hash of its files. */
export function sourceIdentity(checkout: string): string {
  if (existsSync(join(checkout, '.git'))) {
    const commit = run('git', ['-C', checkout, 'rev-parse', 'HEAD']).trim();
    const diff = run('git', ['-C', checkout, 'diff', 'HEAD']);
    return diff === '' ? commit : `${commit}-dirty-${createHash('sha256').update(diff).digest('hex').slice(0, 12)}`;
  }
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name === 'target' || e.name === '.git') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(p.slice(checkout.length)).update(readFileSync(p));
    }
  };
  walk(checkout);
  return `tree-${h.digest('hex').slice(0, 16)}`;
}

/** The pgrx version the checkout is locked to. */
export function pgrxVersion(checkout: string): string {
  const lock = readFileSync(join(checkout, 'Cargo.lock'), 'utf8');
  const m = /\[\[package\]\]\s*name = "pgrx"\s*version = "([^"]+)"/.exec(lock);
  if (!m?.[1]) throw new Error(`${checkout}/Cargo.lock names no pgrx version: is this a pgrx extension?`);
  return m[1];
}

/** Runs a long step with its output in a log file, printing step, elapsed time and the log's path every 30 s. */
async function longStep(name: string, logFile: string, script: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const t0 = Date.now();
  const fd = openSync(logFile, 'a');
  log(`${name}: started (log: ${logFile})`);
  const proc = spawn('bash', ['-euo', 'pipefail', '-c', script], { stdio: ['ignore', fd, fd], env });
  const timer = setInterval(() => log(`${name}: ${elapsed(t0)} elapsed (log: ${logFile})`), 30_000);
  const code = await new Promise<number>((r) => proc.once('exit', (c) => r(c ?? 1)));
  clearInterval(timer);
  if (code !== 0) {
    const cause = firstErrorLine(readFileSync(logFile, 'utf8'));
    throw new Error(
      `${name} failed after ${elapsed(t0)} (exit ${code}).\n  cause: ${cause ?? '(no error line found; last lines below)'}\n  what to do: ${adviceFor(cause)}\n  log: ${logFile}` +
        (cause === undefined ? `\n${tail(logFile, 15)}` : ''),
    );
  }
  log(`${name}: done in ${elapsed(t0)}`);
}

function elapsed(t0: number): string {
  const s = Math.round((Date.now() - t0) / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** One builder at a time per cache entry (a second `npm test` waits for the first one's build). */
async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${dir}.lock`;
  for (let announced = false; ; ) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const pid = Number(readFileSync(join(lock, 'pid'), 'utf8').trim() || '0');
      let alive = false;
      try {
        if (pid > 0) process.kill(pid, 0);
        alive = pid > 0;
      } catch {
        alive = false;
      }
      if (!alive) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for process ${pid}, which is building ${dir}`);
      announced = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const complete = (dir: string) => existsSync(join(dir, '.complete'));

/** The PostgreSQL 18 version to build: a complete cache entry if there is one, else Debian's source package. */
function postgresVersionToUse(root: string): { version: string; debianVersion?: string } {
  if (process.env.PGSTREAM_PG_VERSION) return { version: process.env.PGSTREAM_PG_VERSION };
  const pgRoot = join(root, 'postgresql');
  const cached = existsSync(pgRoot)
    ? readdirSync(pgRoot)
        .filter((v) => /^18\.\d+$/.test(v) && complete(join(pgRoot, v)))
        .sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]))
    : [];
  if (cached[0]) return { version: cached[0] };
  const deb = debianSourceVersion();
  // Checked with the other prerequisites before this is reached.
  if (!deb) return { version: '18' };
  return { version: deb.replace(/^\d+:/, '').replace(/-[^-]+$/, ''), debianVersion: deb };
}

async function buildPostgres(root: string, version: string, debianVersion: string | undefined): Promise<string> {
  const dir = join(root, 'postgresql', version);
  if (complete(dir)) return join(dir, 'install');
  mkdirSync(dir, { recursive: true });
  return await withLock(dir, async () => {
    if (complete(dir)) return join(dir, 'install');
    const logFile = join(dir, 'build.log');
    const jobs = Math.max(1, cpus().length);
    const pkg = debianVersion ? `postgresql-18=${debianVersion}` : 'postgresql-18';
    await longStep(
      `PostgreSQL ${version} (Debian source package, configure + make -j${jobs}; about 10 min on 2 cores)`,
      logFile,
      [
        `cd ${sh(dir)}`,
        'rm -rf download src install && mkdir download',
        `(cd download && apt-get source --download-only ${sh(pkg)})`,
        'tar xjf download/postgresql-18_*.orig.tar.bz2 && mv postgresql-18.* src',
        `cd src && ./configure --prefix=${sh(join(dir, 'install'))} --without-llvm`,
        `make -j${jobs} && make install && make -C contrib/pg_stat_statements install`,
      ].join('\n'),
    );
    writeFileSync(join(dir, '.complete'), new Date().toISOString());
    return join(dir, 'install');
  });
}

async function buildCargoPgrx(root: string, version: string): Promise<string> {
  const dir = join(root, 'cargo-pgrx', version);
  const bin = join(dir, 'bin', 'cargo-pgrx');
  if (complete(dir)) return bin;
  mkdirSync(dir, { recursive: true });
  return await withLock(dir, async () => {
    if (complete(dir)) return bin;
    await longStep(
      `cargo-pgrx ${version} (crates.io, cargo install --locked; about 15 min on 2 cores)`,
      join(dir, 'build.log'),
      `cargo install --locked cargo-pgrx --version =${version} --root ${sh(dir)}`,
    );
    writeFileSync(join(dir, '.complete'), new Date().toISOString());
    return bin;
  });
}

async function buildExtension(
  root: string,
  ext: string,
  checkout: string,
  id: string,
  pgInstall: string,
  pgVersion: string,
  pgrxBin: string,
  pgrx: string,
): Promise<string> {
  const dir = join(root, ext, `${id}-pg${pgVersion}-pgrx${pgrx}`);
  if (complete(dir)) return join(dir, 'pg');
  mkdirSync(dir, { recursive: true });
  return await withLock(dir, async () => {
    if (complete(dir)) return join(dir, 'pg');
    rmSync(join(dir, 'pg'), { recursive: true, force: true });
    cpSync(pgInstall, join(dir, 'pg'), { recursive: true, verbatimSymlinks: true });
    const pgConfig = join(dir, 'pg', 'bin', 'pg_config');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${join(pgrxBin, '..')}:${process.env.PATH ?? ''}`,
      PGRX_HOME: join(dir, 'pgrx-home'),
      // One target directory for every build of the cache: a new commit rebuilds only what changed.
      CARGO_TARGET_DIR: join(root, ext, 'target'),
    };
    await longStep(
      `${ext} ${id.slice(0, 12)} (cargo pgrx install --release; 3-6 min on 2 cores)`,
      join(dir, 'build.log'),
      [`cd ${sh(checkout)}`, `cargo pgrx init --pg18 ${sh(pgConfig)}`, `cargo pgrx install --release --pg-config ${sh(pgConfig)}`].join('\n'),
      env,
    );
    const lib = join(dir, 'pg', 'lib', 'postgresql');
    const libDir = existsSync(lib) ? lib : join(dir, 'pg', 'lib');
    if (!readdirSync(libDir).some((f) => f.startsWith(ext))) throw new Error(`cargo pgrx install finished but no ${ext} library is in ${libDir}`);
    makeReadable(dir);
    writeFileSync(join(dir, '.complete'), new Date().toISOString());
    return join(dir, 'pg');
  });
}

/** The server's OS user must read the installation: directories 755, files at least 644. */
function makeReadable(dir: string): void {
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      chmodSync(p, st.mode | 0o755);
      for (const e of readdirSync(p)) walk(join(p, e));
    } else if (st.isFile()) {
      chmodSync(p, st.mode | 0o444);
    }
  };
  walk(dir);
}

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Builds (or takes from the cache) PostgreSQL 18 with the real extension from the checkout at `source`. */
export async function buildFromSource(source: string): Promise<SourceBuild> {
  const checkout = resolve(source);
  const ext = extensionName(checkout);
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o755);
  const id = sourceIdentity(checkout);
  const pgrx = pgrxVersion(checkout);
  const { version: pgVersion, debianVersion } = postgresVersionToUse(root);
  const extDir = join(root, ext, `${id}-pg${pgVersion}-pgrx${pgrx}`);
  const done = { extension: ext, installDir: join(extDir, 'pg'), sourceId: id, postgresVersion: pgVersion, pgrxVersion: pgrx };
  if (complete(extDir)) return done;
  const steps = { postgres: !complete(join(root, 'postgresql', pgVersion)), cargoPgrx: !complete(join(root, 'cargo-pgrx', pgrx)), extension: true };
  const missing = missingPrerequisites(steps, machine);
  if (missing.length > 0) throw new Error(formatMissing(`${ext} from ${checkout}`, missing));
  log(`building ${ext} ${id} (pgrx ${pgrx}) on PostgreSQL ${pgVersion}; cache: ${root}. The first build takes about 30 min on 2 cores.`);
  const [pgInstall, pgrxBin] = await Promise.all([buildPostgres(root, pgVersion, debianVersion), buildCargoPgrx(root, pgrx)]);
  await buildExtension(root, ext, checkout, id, pgInstall, pgVersion, pgrxBin, pgrx);
  return done;
}
