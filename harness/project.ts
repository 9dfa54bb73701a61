/** Throw-away dbt projects for scenarios: a copy of the generated integration project, or files given inline. */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Target } from '../spec/types.ts';
import { ROOT } from './paths.ts';
import { selectedTarget } from './target.ts';

/** The selected target's package (its `package.outputDir`), which projects install with `local:`. */
export const PACKAGE_DIR = join(ROOT, selectedTarget().package.outputDir);
const WORK = join(ROOT, 'integration_tests', '.work');

/**
 * A fresh copy of the package's integration_tests project whose packages.yml points at the package: the selected
 * target's package, or the given target's.
 */
/**
 * A dbt profiles.yml with one postgres output reading the PG* variables (as the tests, the demo and the benchmark set
 * them); schema and threads are YAML values (default: the DBT_SCHEMA variable, 1 thread).
 */
export function profileYaml(profile: string, opts: { schema?: string; threads?: string } = {}): string {
  return [
    `${profile}:`,
    '  target: default',
    '  outputs:',
    '    default:',
    '      type: postgres',
    `      host: "{{ env_var('PGHOST') }}"`,
    `      port: "{{ env_var('PGPORT') | as_number }}"`,
    `      user: "{{ env_var('PGUSER') }}"`,
    `      password: "{{ env_var('PGPASSWORD') }}"`,
    `      dbname: "{{ env_var('PGDATABASE') }}"`,
    `      schema: ${opts.schema ?? `"{{ env_var('DBT_SCHEMA') }}"`}`,
    `      threads: ${opts.threads ?? '1'}`,
    '',
  ].join('\n');
}

/**
 * A table model copying the integration project's seed with a primary key on id: a source pg_trickle maintains
 * queries over that do not aggregate (over the keyless seed its guards refuse them, T25).
 */
export const KEYED_ORDERS_MODEL =
  "{{ config(materialized='table', post_hook='alter table {{ this }} add primary key (id)') }}\nselect * from {{ ref('raw_orders') }}\n";

export function copyIntegrationProject(name: string, target?: Target): string {
  const pkg = target === undefined ? PACKAGE_DIR : join(ROOT, target.package.outputDir);
  const dir = join(WORK, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  cpSync(join(pkg, 'integration_tests'), dir, {
    recursive: true,
    filter: (src) => !/(^|\/)(target|dbt_packages|logs)(\/|$)/.test(src.slice(pkg.length)),
  });
  writeFileSync(join(dir, 'packages.yml'), `packages:\n  - local: ${JSON.stringify(pkg)}\n`);
  return dir;
}

export function writeFile(projectDir: string, rel: string, contents: string): void {
  const full = join(projectDir, rel);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, contents);
}

export function readFile(projectDir: string, rel: string): string {
  return readFileSync(join(projectDir, rel), 'utf8');
}

export function removeFile(projectDir: string, rel: string): void {
  rmSync(join(projectDir, rel), { force: true });
}
