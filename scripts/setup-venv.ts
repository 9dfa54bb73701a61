/**
 * Creates (or reuses) one project-local virtualenv per selected dbt minor, at .venv/dbt-<minor>, with the
 * exact pins of dbt-versions.json. Idempotent: a venv whose recorded pins match is left alone.
 * Usage: tsx scripts/setup-venv.ts [minor …]   (default: DBT_VERSIONS / DBT_VERSION / the default pin)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { dbtExecutable, pinFor, selectedMinors, venvDir } from '../harness/dbt-versions.ts';

async function ensureVenv(minor: string): Promise<void> {
  const pin = pinFor(minor);
  const dir = venvDir(minor);
  const marker = join(dir, '.dbt-pgstream-pins.json');
  const want = JSON.stringify(pin.packages);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want && existsSync(dbtExecutable(minor))) {
    console.log(`setup-venv: dbt ${minor} ready at ${dir} (reused)`);
    return;
  }
  const python = process.env.PYTHON ?? 'python3';
  console.log(
    `setup-venv: creating ${dir} with ${Object.entries(pin.packages)
      .map(([k, v]) => `${k}==${v}`)
      .join(' ')}`,
  );
  await execa(python, ['-m', 'venv', '--clear', dir], { stdio: 'inherit' });
  const pip = join(dir, 'bin', 'pip');
  const specs = Object.entries(pin.packages).map(([k, v]) => `${k}==${v}`);
  // Binary wheels only for the parser: its source package downloads a wheel from outside PyPI at build time.
  const binaryOnly = Object.keys(pin.packages).filter((k) => k === 'dbt-core-experimental-parser');
  const args = ['install', '--quiet', '--disable-pip-version-check', ...specs];
  if (binaryOnly.length > 0) args.push(`--only-binary=${binaryOnly.join(',')}`);
  await execa(pip, args, { stdio: 'inherit' });
  const { stdout } = await execa(dbtExecutable(minor), ['--version']);
  if (!stdout.includes(`installed: ${pin.packages['dbt-core']}`)) throw new Error(`dbt ${minor}: unexpected version output:\n${stdout}`);
  writeFileSync(marker, want);
  console.log(`setup-venv: dbt ${minor} installed (dbt-core ${pin.packages['dbt-core']}, dbt-postgres ${pin.packages['dbt-postgres']})`);
}

const minors = process.argv.length > 2 ? process.argv.slice(2) : selectedMinors();
for (const m of minors) await ensureVenv(m);
