import { resolve } from 'node:path';
import { generate } from './generate.ts';
import { formatDiagnostics, loadInput } from './load.ts';
import { checkFiles, isClean, writeFiles } from './write.ts';

/** Exit codes: 0 ok, 1 stale output (--check), 2 invalid spec or usage. The only module that reads argv or exits. */
async function main(argv: readonly string[]): Promise<number> {
  const known = new Set(['--check', '--quiet']);
  const specIdx = argv.indexOf('--spec');
  const specModule = specIdx >= 0 ? argv[specIdx + 1] : undefined;
  const rootIdx = argv.indexOf('--root');
  const root = resolve(rootIdx >= 0 ? (argv[rootIdx + 1] ?? '.') : '.');
  const unknown = argv.filter(
    (a, i) => a.startsWith('--') && !known.has(a) && a !== '--spec' && a !== '--root' && argv[i - 1] !== '--spec' && argv[i - 1] !== '--root',
  );
  if (unknown.length > 0) {
    console.error(`generate: unknown option ${unknown.join(' ')}; allowed: --check, --quiet, --spec <module>, --root <dir>`);
    return 2;
  }
  const check = argv.includes('--check');
  const quiet = argv.includes('--quiet');
  const input = await loadInput(root, specModule);
  const result = generate(input);
  if (result.diagnostics.length > 0) {
    console.error(
      `generate: the spec, the templates or their output is invalid (${result.diagnostics.length} problem${result.diagnostics.length === 1 ? '' : 's'}):`,
    );
    for (const line of await formatDiagnostics(root, result.diagnostics)) console.error(`  ${line}`);
    return 2;
  }
  if (check) {
    const report = await checkFiles(result.files, root);
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
  const report = await writeFiles(result.files, root);
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
