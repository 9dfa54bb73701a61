import { resolve } from 'node:path';
import { generate } from './generate.ts';
import { formatDiagnostics, loadInput } from './load.ts';
import { checkFiles, isClean, writeFiles } from './write.ts';

/**
 * `npm run generate [-- --target <id>] [--check] [--quiet] [--spec <module>] [--root <dir>]`: renders every target
 * (or one) into the directories it owns. Exit codes: 0 ok, 1 stale output (--check), 2 invalid spec or usage. The only
 * module that reads argv or exits.
 */
async function main(argv: readonly string[]): Promise<number> {
  const flags = new Set(['--check', '--quiet']);
  const valued = new Set(['--spec', '--root', '--target']);
  const value = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const unknown = argv.filter((a, i) => a.startsWith('--') && !flags.has(a) && !valued.has(a) && !valued.has(argv[i - 1] ?? ''));
  const missing = [...valued].filter((v) => argv.includes(v) && (value(v) === undefined || value(v)?.startsWith('--')));
  if (unknown.length > 0 || missing.length > 0) {
    const what = [...unknown.map((u) => `unknown option ${u}`), ...missing.map((m) => `${m} needs a value`)].join('; ');
    console.error(`generate: ${what}; allowed: --check, --quiet, --target <id>, --spec <module>, --root <dir>`);
    return 2;
  }
  const root = resolve(value('--root') ?? '.');
  const check = argv.includes('--check');
  const quiet = argv.includes('--quiet');
  const input = await loadInput(root, value('--spec'));
  const target = value('--target');
  const result = generate(input, target === undefined ? {} : { target });
  if (result.diagnostics.length > 0) {
    console.error(
      `generate: the spec, the templates or their output is invalid (${result.diagnostics.length} problem${result.diagnostics.length === 1 ? '' : 's'}):`,
    );
    for (const line of await formatDiagnostics(root, result.diagnostics)) console.error(`  ${line}`);
    return 2;
  }
  if (check) {
    const report = await checkFiles(result.files, root, result.roots);
    if (isClean(report)) {
      if (!quiet) console.log(`generate --check: ${result.files.length} generated files are current.`);
      return 0;
    }
    console.error('generate --check: the committed output differs from what the spec and templates produce. Run `npm run generate` and commit.');
    for (const s of report.stale) console.error(`  stale:   ${s.path}`);
    for (const m of report.missing) console.error(`  missing: ${m}`);
    for (const e of report.extra) console.error(`  extra:   ${e} (not produced by the generator)`);
    for (const s of report.stale) console.error(`\n${s.diff}`);
    return 1;
  }
  const report = await writeFiles(result.files, root, result.roots);
  if (!quiet) {
    console.log(`generate: ${report.written.length} written, ${report.deleted.length} deleted, ${report.unchanged} unchanged.`);
    for (const p of report.written) console.log(`  wrote   ${p}`);
    for (const p of report.deleted) console.log(`  deleted ${p}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`generate: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
