import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DbtPin, DbtVersions } from '../dbt-versions.ts';
import { ROOT } from './paths.ts';

export function readDbtVersions(): DbtVersions {
  return JSON.parse(readFileSync(join(ROOT, 'dbt-versions.json'), 'utf8')) as DbtVersions;
}

/** The dbt minors to use: DBT_VERSIONS (comma list, or 'ci' for the CI set), DBT_VERSION, else the default. */
export function selectedMinors(env: NodeJS.ProcessEnv = process.env): string[] {
  const v = readDbtVersions();
  const raw = env.DBT_VERSIONS ?? env.DBT_VERSION ?? v.default;
  const minors =
    raw === 'ci'
      ? [...v.ci]
      : raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  for (const m of minors) {
    if (!v.pins.some((p) => p.minor === m)) {
      throw new Error(`dbt ${m} is not pinned in dbt-versions.json (pinned: ${v.pins.map((p) => p.minor).join(', ')})`);
    }
  }
  return minors;
}

export function pinFor(minor: string): DbtPin {
  const pin = readDbtVersions().pins.find((p) => p.minor === minor);
  if (pin === undefined) throw new Error(`dbt ${minor} is not pinned in dbt-versions.json`);
  return pin;
}

export function venvDir(minor: string): string {
  return join(ROOT, '.venv', `dbt-${minor}`);
}

export function dbtExecutable(minor: string): string {
  return join(venvDir(minor), 'bin', 'dbt');
}
