import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dbtRunner } from '../../harness/dbt.ts';
import { ROOT } from '../../harness/paths.ts';
import { catalogRow, dropSchema, sql } from '../../harness/pg.ts';
import { profileYaml } from '../../harness/project.ts';
import { selectedTarget } from '../../harness/target.ts';

const pg = inject('pg');
const backend = inject('backend');

/** A commit of the current working tree's package (committed content is what dbt deps clones). */
async function cloneWithCurrentPackage(dest: string): Promise<string> {
  rmSync(dest, { recursive: true, force: true });
  await execa('git', ['clone', '--quiet', '--no-hardlinks', ROOT, dest]);
  // Bring the working tree's generated package into the clone and commit it, so the test uses what is on disk now.
  rmSync(join(dest, 'dist-package'), { recursive: true, force: true });
  cpSync(join(ROOT, 'dist-package'), join(dest, 'dist-package'), {
    recursive: true,
    filter: (src) => !/\/(dbt_packages|target|logs)(\/|$)/.test(src),
  });
  await execa('git', ['-C', dest, 'add', '-A']);
  await execa('git', [
    '-C',
    dest,
    '-c',
    'user.name=test',
    '-c',
    'user.email=test@example.invalid',
    'commit',
    '--quiet',
    '--allow-empty',
    '-m',
    'package under test',
  ]);
  await execa('git', ['-C', dest, 'tag', 'v-under-test']);
  return dest;
}

const target = selectedTarget();

describe.each(inject('dbtMinors'))(`a project that installs ${target.package.name} with git + subdirectory on dbt %s (${backend.label})`, (minor) => {
  const schema = `ub_${minor.replace('.', '_')}`;
  const work = join(ROOT, 'integration_tests', '.work', `used-by-${minor}`);
  afterAll(async () => {
    await dropSchema(pg, schema);
  });

  it('dbt deps clones the package from a local clone (file URL) and a stream_table model builds', async () => {
    await dropSchema(pg, schema);
    // A previous run's project keeps a package-lock.yml pinning that run's temporary commit: start from nothing.
    rmSync(work, { recursive: true, force: true });
    const repo = await cloneWithCurrentPackage(join(work, 'repo'));
    const project = join(work, 'project');
    mkdirSync(join(project, 'models'), { recursive: true });
    writeFileSync(join(project, 'dbt_project.yml'), "name: consumer\nversion: '1.0'\nconfig-version: 2\nprofile: integration_tests\nmodel-paths: ['models']\n");
    writeFileSync(
      join(project, 'packages.yml'),
      `packages:\n  - git: "file://${repo}"\n    revision: v-under-test\n    subdirectory: ${target.package.outputDir}\n`,
    );
    writeFileSync(join(project, 'profiles.yml'), profileYaml('integration_tests'));
    await sql(
      pg,
      `create schema "${schema}"; create table "${schema}".orders (id int primary key, customer_id int, amount numeric); insert into "${schema}".orders values (1, 1, 5), (2, 1, 7), (3, 2, 1)`,
    );
    writeFileSync(join(project, 'models', 'sources.yml'), `version: 2\nsources:\n  - name: raw\n    schema: ${schema}\n    tables:\n      - name: orders\n`);
    writeFileSync(
      join(project, 'models', 'customer_totals.sql'),
      "{{ config(materialized='stream_table', schedule='5m') }}\nselect customer_id, sum(amount) as total from {{ source('raw', 'orders') }} group by customer_id\n",
    );
    const dbt = dbtRunner(minor, project, schema, pg);
    const deps = await dbt.ok(['deps']);
    expect(deps.output).toMatch(/Installed from .*v-under-test|Installing file:\/\//);
    await dbt.ok(['run']);
    expect(await catalogRow(pg, schema, 'customer_totals')).toMatchObject({ schedule: '5m', status: 'ACTIVE' });
    expect(await sql(pg, `select customer_id, total from "${schema}".customer_totals order by 1`)).toEqual([
      { customer_id: 1, total: '12' },
      { customer_id: 2, total: '1' },
    ]);
  });
});
