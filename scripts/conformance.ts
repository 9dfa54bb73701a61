/**
 * npm run test:real — the whole suite with the real extension as referee, and the conformance record, for the
 * selected target (PGSTREAM_TARGET: pgstream by default, pgtrickle); PGSTREAM_SOURCE names that target's checkout.
 *   1. typecheck, lint, generated-output check, unit tests (backend-independent);
 *   2. the integration scenarios on the emulator (embedded provider);
 *   3. the integration scenarios on the real extension: PGSTREAM_SOURCE=<checkout> (built and cached), or an
 *      external server (PGHOST …), or PGSTREAM_IMAGE with Docker;
 *   4. writes integration_tests/CONFORMANCE-<target>.md from both runs' results, side by side.
 * Exits non-zero when anything failed on either backend.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { ROOT } from '../harness/paths.ts';
import { selectedTarget } from '../harness/target.ts';
import { renderConformance } from '../integration_tests/conformance/render.ts';
import { type RunResults, resultsPath } from '../integration_tests/conformance/reporter.ts';

const env = process.env;
const target = selectedTarget();
const { title } = target.extension;
if (!env.PGSTREAM_SOURCE && !env.PGHOST && !env.PGSTREAM_IMAGE) {
  console.error(
    `test:real needs the real ${title}: PGSTREAM_SOURCE=<${title} checkout> (built and cached on first use),\n` +
      'an external server (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE=postgres), or PGSTREAM_IMAGE=<image> with Docker.\n' +
      `A checkout: git clone ${target.extension.repository}.git && git -C <dir> checkout ${target.extension.commit}`,
  );
  process.exit(2);
}
const emulatorEnv: NodeJS.ProcessEnv = { ...env, PGSTREAM_PROVIDER: 'embedded' };
for (const k of ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE', 'PGSTREAM_SOURCE', 'PGSTREAM_IMAGE']) delete emulatorEnv[k];

const step = async (title: string, cmd: string, args: string[], stepEnv: NodeJS.ProcessEnv = env): Promise<boolean> => {
  console.log(`\n=== test:real: ${title}`);
  const r = await execa(cmd, args, { cwd: ROOT, env: stepEnv, stdio: 'inherit', reject: false });
  return r.exitCode === 0;
};

// never render a previous run's results
for (const kind of ['emulator', 'real'] as const) rmSync(resultsPath(target.id, kind), { force: true });
const ok: boolean[] = [];
ok.push(await step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']));
ok.push(await step('lint (Biome, knip)', 'npm', ['run', 'lint']));
ok.push(await step('generated output is current', 'node', ['--import', 'tsx', 'generator/src/cli.ts', '--check']));
ok.push(await step('dbt virtualenvs', 'npx', ['tsx', 'scripts/setup-venv.ts']));
ok.push(await step('unit tests', 'npx', ['vitest', 'run', '--project', 'unit']));
ok.push(await step('integration scenarios on the EMULATOR', 'npx', ['vitest', 'run', '--project', 'integration'], emulatorEnv));
ok.push(await step('integration scenarios on the REAL extension', 'npx', ['vitest', 'run', '--project', 'integration']));

const read = (kind: 'real' | 'emulator'): RunResults => JSON.parse(readFileSync(resultsPath(target.id, kind), 'utf8')) as RunResults;
const out = join(ROOT, 'integration_tests', `CONFORMANCE-${target.id}.md`);
writeFileSync(out, renderConformance(read('emulator'), read('real')));
console.log(`\ntest:real: wrote ${out}`);
if (ok.includes(false)) {
  console.error('test:real: something failed (see above)');
  process.exit(1);
}
