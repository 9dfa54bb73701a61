import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generate } from '../src/generate.ts';
import { loadInput } from '../src/load.ts';
import { checkFiles, isClean, writeFiles } from '../src/write.ts';

const root = join(import.meta.dirname, '..', '..');
let tmp: string;

/** A copy of the generator's inputs (not its outputs) in a temporary directory. */
function copyInputs(dest: string): void {
  // every target's inputs (spec/<id>, emulators/<id>/src, changelog/<id>), none of the outputs
  for (const d of ['spec', 'generator', 'changelog', 'emulators', 'dbt-versions.json', 'package.json', 'tsconfig.json']) {
    cpSync(join(root, d), join(dest, d), {
      recursive: true,
      filter: (s) => !s.includes('node_modules') && !s.includes('__golden__') && !/emulators\/[^/]+\/extension/.test(s),
    });
  }
}

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gen-check-'));
  copyInputs(tmp);
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('writeFiles / checkFiles', () => {
  it('finds a fresh tree current, then reports stale (with a diff), missing and extra files', async () => {
    const { files, roots } = generate(await loadInput(tmp));
    await writeFiles(files, tmp, roots);
    expect(isClean(await checkFiles(files, tmp, roots))).toBe(true);

    const readme = join(tmp, 'dist-package/dbt-pgstream/README.md');
    writeFileSync(readme, readFileSync(readme, 'utf8').replace('# dbt-pgstream', '# dbt-pgstream (edited by hand)'));
    rmSync(join(tmp, 'dist-package/dbt-pgstream/CHANGELOG.md'));
    writeFileSync(join(tmp, 'dist-package/dbt-pgstream/macros/utils/stray.sql'), '-- not generated\n');
    const report = await checkFiles(files, tmp, roots);
    expect(report.stale.map((s) => s.path)).toEqual(['dist-package/dbt-pgstream/README.md']);
    expect(report.stale[0]?.diff).toContain('-# dbt-pgstream (edited by hand)');
    expect(report.missing).toEqual(['dist-package/dbt-pgstream/CHANGELOG.md']);
    expect(report.extra).toEqual(['dist-package/dbt-pgstream/macros/utils/stray.sql']);

    const written = await writeFiles(files, tmp, roots);
    expect(written.deleted).toEqual(['dist-package/dbt-pgstream/macros/utils/stray.sql']);
    expect(isClean(await checkFiles(files, tmp, roots))).toBe(true);
  });

  it('touches nothing outside the directories the targets own (a package beside them stays)', async () => {
    const { files, roots } = generate(await loadInput(tmp));
    const beside = join(tmp, 'dist-package/dbt-other/macros/keep.sql');
    cpSync(join(root, 'dbt-versions.json'), beside, { recursive: true });
    await writeFiles(files, tmp, roots);
    expect(readFileSync(beside, 'utf8')).toBe(readFileSync(join(root, 'dbt-versions.json'), 'utf8'));
    expect(isClean(await checkFiles(files, tmp, roots))).toBe(true);
    await expect(writeFiles([{ path: 'dist-package/dbt-other/x.sql', contents: '' }], tmp, roots)).rejects.toThrow(/outside the generated directories/);
  });

  it('ignores what dbt itself writes inside the package (target/, dbt_packages/, logs/)', async () => {
    const { files, roots } = generate(await loadInput(tmp));
    await writeFiles(files, tmp, roots);
    cpSync(join(tmp, 'dist-package/dbt-pgstream/README.md'), join(tmp, 'dist-package/dbt-pgstream/integration_tests/target/x.json'), { recursive: true });
    expect(isClean(await checkFiles(files, tmp, roots))).toBe(true);
  });
});

describe('the CLI', () => {
  const cli = join(root, 'generator/src/cli.ts');
  const tsx = join(root, 'node_modules/.bin/tsx');
  it('exits 0 on a current tree, 1 with the stale file listed, 2 on an invalid spec', async () => {
    expect((await execa(tsx, [cli, '--root', tmp, '--quiet'], { reject: false })).exitCode).toBe(0);
    expect((await execa(tsx, [cli, '--root', tmp, '--check'], { reject: false })).exitCode).toBe(0);
    const dbtProject = join(tmp, 'dist-package/dbt-pgstream/dbt_project.yml');
    writeFileSync(dbtProject, `${readFileSync(dbtProject, 'utf8')}\n# hand edit\n`);
    const stale = await execa(tsx, [cli, '--root', tmp, '--check'], { reject: false });
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain('stale:   dist-package/dbt-pgstream/dbt_project.yml');

    const keys = join(tmp, 'spec/pgstream/config-keys.ts');
    writeFileSync(
      keys,
      readFileSync(keys, 'utf8').replace(
        "{ function: 'create_stream_table', argument: 'initialize' }",
        "{ function: 'create_stream_table', argument: 'init' }",
      ),
    );
    const invalid = await execa(tsx, [cli, '--root', tmp, '--check'], { reject: false });
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toMatch(
      /spec\/pgstream\/config-keys\.ts:\d+: \(config key 'initialize'\) feeds argument 'init' of 'create_stream_table', which has no such argument/,
    );
  });

  it('renders one target with --target, and names the targets there are for an unknown one', async () => {
    const one = await execa(tsx, [cli, '--root', tmp, '--target', 'pgstream'], { reject: false });
    expect(one.exitCode).toBe(0);
    const bad = await execa(tsx, [cli, '--root', tmp, '--target', 'nope'], { reject: false });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("no target 'nope' (targets: pgstream");
    const missing = await execa(tsx, [cli, '--root', tmp, '--target'], { reject: false });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--target needs a value');
  });

  it('rejects unknown options with the allowed ones', async () => {
    const r = await execa(tsx, [cli, '--root', tmp, '--chek'], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown option --chek; allowed: --check');
  });
});
