import { describe, expect, it } from 'vitest';
import { adviceFor, findLibclang, firstErrorLine, formatMissing, isLibclangFile, missingPrerequisites, type Probe } from './prerequisites.ts';

/** A machine described by its files, commands and environment. */
function machine(o: { files?: readonly string[]; commands?: readonly string[]; env?: Record<string, string>; llvmPrefix?: string; debSrc?: boolean }): Probe {
  const files = new Set(o.files ?? []);
  const dirs = new Set<string>();
  for (const f of files) for (let d = f.slice(0, f.lastIndexOf('/')); d !== ''; d = d.slice(0, d.lastIndexOf('/'))) dirs.add(d);
  return {
    hasCommand: (c) => (o.commands ?? []).includes(c),
    exists: (p) => files.has(p) || dirs.has(p),
    list: (d) => {
      const prefix = d === '/' ? '/' : `${d}/`;
      const names = [...files, ...dirs].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => p.slice(prefix.length));
      return [...new Set(names)];
    },
    env: (n) => o.env?.[n],
    llvmPrefix: () => o.llvmPrefix,
    debianSourceKnown: () => o.debSrc ?? false,
  };
}

// A fresh Debian bookworm with the machine's LLVM 14: only LLVM's C++ library, which clang-sys skips.
const LLVM14_WITHOUT_LIBCLANG = [
  '/usr/lib/llvm-14/lib/libclang-cpp.so.14',
  '/usr/lib/x86_64-linux-gnu/libclang-cpp.so.14',
  '/usr/lib/llvm-14/lib/libLLVM-14.so',
];
// The same machine after `apt-get install libclang-dev clang`.
const WITH_LIBCLANG_DEV = [
  ...LLVM14_WITHOUT_LIBCLANG,
  '/usr/lib/llvm-14/lib/libclang.so',
  '/usr/lib/llvm-14/lib/libclang-14.so.1',
  '/usr/lib/x86_64-linux-gnu/libclang-14.so.14.0.6',
];
const ALL_TOOLS = ['cargo', 'cc', 'make', 'git', 'apt-get', 'dpkg-source', 'bison', 'flex', 'pkg-config'];
const HEADERS = ['/usr/include/readline/readline.h', '/usr/include/zlib.h', '/usr/include/unicode/ucol.h', '/usr/include/openssl/ssl.h'];
const EVERY_STEP = { postgres: true, cargoPgrx: true, extension: true };

describe('libclang as bindgen (clang-sys) finds it', () => {
  it.each([
    ['libclang.so', true],
    ['libclang.so.1', true],
    ['libclang-14.so', true],
    ['libclang-14.so.14.0.6', true],
    ['libclang-cpp.so.14', false],
    ['libclang-cpp.so', false],
    ['libclangAST.a', false],
    ['libclang.a', false],
  ])('%s is libclang: %s', (name, want) => {
    expect(isLibclangFile(name)).toBe(want);
  });

  it('finds none on bookworm with LLVM 14 but without libclang-dev (libclang-cpp14 is not libclang)', () => {
    expect(findLibclang(machine({ files: LLVM14_WITHOUT_LIBCLANG }))).toEqual([]);
  });

  it('finds it after libclang-dev, in /usr/lib/llvm-14/lib and the multiarch directory', () => {
    const found = findLibclang(machine({ files: WITH_LIBCLANG_DEV }));
    expect(found).toContain('/usr/lib/llvm-14/lib/libclang.so');
    expect(found).toContain('/usr/lib/x86_64-linux-gnu/libclang-14.so.14.0.6');
    expect(found.some((f) => f.includes('-cpp.'))).toBe(false);
  });

  it('searches llvm-config --prefix and LD_LIBRARY_PATH too', () => {
    const files = ['/opt/llvm/lib/libclang.so', '/srv/lib/libclang-17.so'];
    expect(findLibclang(machine({ files, llvmPrefix: '/opt/llvm' }))).toEqual(['/opt/llvm/lib/libclang.so']);
    expect(findLibclang(machine({ files, env: { LD_LIBRARY_PATH: '/srv/lib' } }))).toEqual(['/srv/lib/libclang-17.so']);
  });

  it('honours LIBCLANG_PATH as bindgen does: only there, a file or a directory', () => {
    expect(findLibclang(machine({ files: WITH_LIBCLANG_DEV, env: { LIBCLANG_PATH: '/nowhere' } }))).toEqual([]);
    expect(findLibclang(machine({ files: WITH_LIBCLANG_DEV, env: { LIBCLANG_PATH: '/usr/lib/llvm-14/lib' } }))).toEqual([
      '/usr/lib/llvm-14/lib/libclang.so',
      '/usr/lib/llvm-14/lib/libclang-14.so.1',
    ]);
    expect(findLibclang(machine({ files: WITH_LIBCLANG_DEV, env: { LIBCLANG_PATH: '/usr/lib/llvm-14/lib/libclang-14.so.1' } }))).toEqual([
      '/usr/lib/llvm-14/lib/libclang-14.so.1',
    ]);
  });
});

describe('prerequisites: every missing one in the first message', () => {
  it('a machine with none of the build packages gets all of them at once, each with its install command', () => {
    const missing = missingPrerequisites(
      EVERY_STEP,
      machine({ files: LLVM14_WITHOUT_LIBCLANG, commands: ['cargo', 'cc', 'make', 'git', 'apt-get', 'dpkg-source'] }),
    );
    const what = missing.map((m) => m.what.split(' ')[0]);
    expect(what).toEqual(["Debian's", 'bison', 'flex', 'readline', 'zlib', 'ICU', 'pkg-config', 'OpenSSL', 'libclang']);
    expect(missing.every((m) => m.install.length > 0)).toBe(true);
    expect(missing.find((m) => m.what.startsWith('libclang'))?.install).toContain('libclang-dev clang');
    expect(missing[0]?.install).toContain('deb-src');
    const msg = formatMissing('pg_stream from /x', missing);
    expect(msg).toContain('9 prerequisites missing');
    expect(msg).toContain('apt-get install -y bison flex libreadline-dev zlib1g-dev libicu-dev pkg-config libssl-dev libclang-dev clang');
  });

  it('the issue-16 machine (bison, flex and deb-src added, LLVM 14 without libclang-dev) still lacks libclang', () => {
    const probe = machine({ files: [...LLVM14_WITHOUT_LIBCLANG, ...HEADERS], commands: ALL_TOOLS, debSrc: true });
    expect(missingPrerequisites(EVERY_STEP, probe).map((m) => m.what)).toEqual([expect.stringMatching(/^libclang/)]);
  });

  it('nothing is missing once libclang-dev is there', () => {
    expect(missingPrerequisites(EVERY_STEP, machine({ files: [...WITH_LIBCLANG_DEV, ...HEADERS], commands: ALL_TOOLS, debSrc: true }))).toEqual([]);
  });

  it('cached steps need nothing of theirs: only the extension step is checked', () => {
    const probe = machine({ files: WITH_LIBCLANG_DEV, commands: ['cargo', 'cc', 'make', 'git'] });
    expect(missingPrerequisites({ postgres: false, cargoPgrx: false, extension: true }, probe)).toEqual([]);
  });
});

describe('a failed step names its cause, not the end of a backtrace', () => {
  const bindgenLog = [
    '   Compiling pgrx-pg-sys v0.17.0',
    'error: failed to run custom build command for `pgrx-pg-sys v0.17.0`',
    '--- stderr',
    "thread 'main' panicked at /root/.cargo/registry/src/bindgen-0.72.1/lib.rs:616:27:",
    "Unable to find libclang: \"couldn't find any valid shared libraries matching: ['libclang.so', 'libclang-*.so', 'libclang.so.*', 'libclang-*.so.*']\"",
    'stack backtrace:',
    '   0: rust_begin_unwind',
    ...Array.from({ length: 40 }, (_, i) => `  ${i + 1}: bindgen::ensure_libclang_is_loaded`),
  ].join('\n');

  it('takes the panic message of a build script', () => {
    const cause = firstErrorLine(bindgenLog);
    expect(cause).toMatch(/panicked at .* Unable to find libclang/);
    expect(adviceFor(cause)).toContain('libclang-dev');
  });

  it('takes the first compiler or configure error', () => {
    expect(firstErrorLine('checking...\nconfigure: error: readline library not found\nmore')).toBe('configure: error: readline library not found');
    expect(firstErrorLine('a\nerror[E0425]: cannot find value `x`\nerror: aborting')).toBe('error[E0425]: cannot find value `x`');
    expect(firstErrorLine('all fine\n')).toBeUndefined();
  });
});
