/**
 * What the source provider needs on the machine before it starts a build, checked all at once so that the first
 * message names every missing piece with the command that installs it (a 25-minute build must not fail at minute 21
 * for a package that could have been named at minute 0).
 *
 * Pure: every look at the machine goes through a `Probe`, so the rules are unit-tested with file lists.
 */

/** What the checks may ask of the machine. */
export interface Probe {
  /** A command on the PATH. */
  hasCommand(cmd: string): boolean;
  /** A file exists (absolute path). */
  exists(path: string): boolean;
  /** The entries of a directory (names only); empty when it does not exist. */
  list(dir: string): readonly string[];
  /** The value of an environment variable. */
  env(name: string): string | undefined;
  /** The output of `llvm-config --prefix`, when llvm-config is on the PATH. */
  llvmPrefix(): string | undefined;
  /** Whether apt knows Debian's `postgresql-18` source package (a `deb-src` line that has it). */
  debianSourceKnown(): boolean;
}

/** Which of the three build steps still have to run (a cached step needs nothing). */
export interface StepsToRun {
  readonly postgres: boolean;
  readonly cargoPgrx: boolean;
  readonly extension: boolean;
}

export interface Missing {
  readonly what: string;
  readonly install: string;
}

const apt = (pkgs: string) => `apt-get update && apt-get install -y ${pkgs}`;

export const SID_DEB_SRC =
  "printf 'Types: deb-src\\nURIs: http://deb.debian.org/debian\\nSuites: sid\\nComponents: main\\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\\n' > /etc/apt/sources.list.d/sid-src.sources && apt-get update";

/**
 * The directories clang-sys (bindgen's libclang loader, used by pgrx) searches on Linux, in its order, when
 * LIBCLANG_PATH is not set: `llvm-config --prefix`'s bin/lib/lib64, LD_LIBRARY_PATH, then these globs
 * (clang-sys 1.8 build/common.rs, DIRECTORIES_LINUX).
 */
const CLANG_SYS_DIRS = ['/usr/local/llvm*/lib*', '/usr/local/lib*/*/*', '/usr/local/lib*/*', '/usr/local/lib*', '/usr/lib*/*/*', '/usr/lib*/*', '/usr/lib*'];

/**
 * A file name clang-sys accepts as libclang when loading it at run time (bindgen's default): `libclang.so`,
 * `libclang-*.so`, `libclang.so.*`, `libclang-*.so.*`, but never one containing `-cpp.` (`libclang-cpp.so.14` is
 * LLVM's C++ library, which a machine with LLVM has without libclang: the case that broke a fresh build).
 */
export function isLibclangFile(name: string): boolean {
  if (name.includes('-cpp.')) return false;
  return /^libclang(\.so(\..+)?|-[^/]*\.so(\..+)?)$/.test(name);
}

/** Expands one clang-sys directory glob (`*` within a path segment) with the probe. */
function expandGlob(pattern: string, probe: Probe): string[] {
  const parts = pattern.split('/').filter((p) => p !== '');
  let dirs = ['/'];
  for (const part of parts) {
    const next: string[] = [];
    for (const d of dirs) {
      if (!part.includes('*')) {
        const p = d === '/' ? `/${part}` : `${d}/${part}`;
        if (probe.exists(p)) next.push(p);
        continue;
      }
      const re = new RegExp(`^${part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      for (const e of probe.list(d)) if (re.test(e)) next.push(d === '/' ? `/${e}` : `${d}/${e}`);
    }
    dirs = next;
  }
  return dirs;
}

/** The libclang files pgrx's bindgen would find, in clang-sys's search order; empty when it would fail. */
export function findLibclang(probe: Probe): string[] {
  const inDir = (dir: string) =>
    probe
      .list(dir)
      .filter(isLibclangFile)
      .map((f) => `${dir}/${f}`);
  const explicit = probe.env('LIBCLANG_PATH');
  if (explicit !== undefined) {
    // As clang-sys: a matching file, else a directory holding one; nothing else is searched.
    const slash = explicit.lastIndexOf('/');
    const name = explicit.slice(slash + 1);
    if (isLibclangFile(name) && probe.exists(explicit)) return [explicit];
    return inDir(explicit.replace(/\/+$/, ''));
  }
  const found: string[] = [];
  const prefix = probe.llvmPrefix();
  if (prefix) for (const sub of ['bin', 'lib', 'lib64']) found.push(...inDir(`${prefix}/${sub}`));
  for (const d of (probe.env('LD_LIBRARY_PATH') ?? '').split(':').filter((x) => x !== '')) found.push(...inDir(d));
  for (const g of CLANG_SYS_DIRS) for (const d of expandGlob(g, probe)) found.push(...inDir(d));
  return [...new Set(found)];
}

/** Every prerequisite of the steps that will run and are missing, each with its install command. */
export function missingPrerequisites(steps: StepsToRun, probe: Probe): Missing[] {
  const missing: Missing[] = [];
  const need = (ok: boolean, what: string, install: string) => {
    if (!ok) missing.push({ what, install });
  };
  const header = (name: string) => ['/usr/include', '/usr/local/include'].some((d) => probe.exists(`${d}/${name}`));
  const any = steps.postgres || steps.cargoPgrx || steps.extension;
  if (any) {
    need(probe.hasCommand('cargo'), 'cargo (Rust)', 'install rustup (https://rustup.rs), then `rustup default stable`');
    need(probe.hasCommand('cc') && probe.hasCommand('make'), 'a C compiler and make', apt('build-essential'));
  }
  if (steps.postgres) {
    need(probe.hasCommand('apt-get'), 'apt-get', "PostgreSQL 18 is built from Debian's source package: use a Debian-based machine");
    need(probe.hasCommand('dpkg-source'), 'dpkg-dev (apt-get source)', apt('dpkg-dev'));
    need(
      probe.debianSourceKnown(),
      "Debian's postgresql-18 source package (bookworm has none; sid's builds on bookworm)",
      `add sid's deb-src line: ${SID_DEB_SRC}`,
    );
    need(probe.hasCommand('bison'), 'bison', apt('bison'));
    need(probe.hasCommand('flex'), 'flex', apt('flex'));
    need(header('readline/readline.h'), 'readline headers', apt('libreadline-dev'));
    need(header('zlib.h'), 'zlib headers', apt('zlib1g-dev'));
    need(header('unicode/ucol.h'), 'ICU headers', apt('libicu-dev'));
    need(probe.hasCommand('pkg-config'), 'pkg-config', apt('pkg-config'));
  }
  if (steps.cargoPgrx) {
    need(probe.hasCommand('pkg-config'), 'pkg-config', apt('pkg-config'));
    need(header('openssl/ssl.h'), 'OpenSSL headers (cargo-pgrx)', apt('libssl-dev'));
  }
  if (steps.extension) {
    need(probe.hasCommand('git'), 'git', apt('git'));
    need(
      findLibclang(probe).length > 0,
      'libclang (pgrx runs bindgen, which loads libclang.so or libclang-<n>.so; libclang-cpp is not it)',
      probe.env('LIBCLANG_PATH') !== undefined
        ? `LIBCLANG_PATH=${probe.env('LIBCLANG_PATH')} holds no libclang: unset it, or point it at one; or ${apt('libclang-dev clang')}`
        : apt('libclang-dev clang'),
    );
  }
  const seen = new Set<string>();
  return missing.filter((m) => !seen.has(m.what) && seen.add(m.what) !== undefined);
}

/** The one message that names them all. */
export function formatMissing(subject: string, missing: readonly Missing[]): string {
  const packages = missing.flatMap((m) => /apt-get install -y (.+)$/.exec(m.install)?.[1]?.split(' ') ?? []);
  const lines = [`cannot build ${subject}: ${missing.length} prerequisite${missing.length === 1 ? '' : 's'} missing:`];
  for (const m of missing) lines.push(`  - ${m.what}: ${m.install}`);
  if (packages.length > 1) lines.push(`All the Debian packages at once: ${apt([...new Set(packages)].join(' '))}`);
  return lines.join('\n');
}

/**
 * The cause of a failed build step, from its log: the first line that reads as an error (a compiler's `error:`,
 * make's `***`, configure's `error:`, a Rust panic's message), not the last lines of a backtrace.
 */
export function firstErrorLine(log: string): string | undefined {
  const lines = log.split('\n');
  const patterns = [
    /^\s*(thread '.*' panicked at|panicked at)/,
    /^error(\[E\d+\])?: /,
    /configure: error: /,
    /: (fatal )?error: /,
    /^E: /,
    /\*\*\* /,
    /^Error: /i,
  ];
  for (const p of patterns) {
    const i = lines.findIndex((l) => p.test(l));
    if (i < 0) continue;
    const line = lines[i]?.trim() ?? '';
    // A panic's message is on the line after "panicked at <file>:".
    if (/panicked at/.test(line) && line.endsWith(':') && lines[i + 1]) return `${line} ${lines[i + 1]?.trim()}`;
    return line;
  }
  return undefined;
}

/** What to do about a failed step, for the causes seen here. */
export function adviceFor(cause: string | undefined): string {
  if (cause === undefined) return 'read the log for the cause';
  if (/libclang|clang-sys|bindgen/i.test(cause))
    return `install libclang: ${apt('libclang-dev clang')} (or set LIBCLANG_PATH to a directory holding libclang.so)`;
  if (/openssl/i.test(cause)) return `install OpenSSL headers: ${apt('libssl-dev pkg-config')}`;
  if (/No space left/i.test(cause)) return 'free disk space (or point PGSTREAM_CACHE_DIR at a larger disk)';
  if (/Could not resolve|failed to download|network|timed out/i.test(cause)) return 'the package registry could not be reached: try again';
  return 'fix the cause above and run the same command again: finished steps are cached';
}
