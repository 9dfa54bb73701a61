/**
 * Real `dbt parse` of the generated package with its integration project, for every selected dbt version:
 * catches Jinja syntax errors and unknown macros, and (dbt >= 1.10) macro docs that do not match the Jinja
 * signatures. No database is needed: parse opens no connection.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbtRunner } from '../../harness/dbt.ts';
import { dbtExecutable, selectedMinors } from '../../harness/dbt-versions.ts';
import { copyIntegrationProject } from '../../harness/project.ts';
import { targets } from '../../spec/index.ts';
import { sqlMacroName } from '../src/naming.ts';

const unreachable = { host: '127.0.0.1', port: 9, user: 'nobody', password: 'unused', database: 'none' };

const cases = selectedMinors().flatMap((minor) => targets.map((spec) => ({ minor, spec })));

describe.each(cases)('dbt parse on dbt $minor of $spec.package.name', ({ minor, spec }) => {
  it('parses the package and its integration project, with every public macro documented as its signature says', async () => {
    expect(existsSync(dbtExecutable(minor)), `dbt ${minor} venv missing: run npm run setup:dbt`).toBe(true);
    const dir = copyIntegrationProject(`parse-${spec.id}-${minor}`, spec);
    const dbt = dbtRunner(minor, dir, 'parse_only', unreachable);
    await dbt.ok(['deps']);
    const minorNum = Number(minor.split('.')[1]);
    const args = minorNum >= 10 ? ['--warn-error-options', '{"error": ["InvalidMacroAnnotation"]}', 'parse'] : ['parse'];
    const parse = await dbt.ok(args, minorNum >= 10 ? { DBT_VALIDATE_MACRO_ARGS: 'true' } : {});
    expect(parse.output).not.toMatch(/InvalidMacroAnnotation|macro.*argument/i);

    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as {
      macros: Record<string, { name: string; arguments: { name: string; type: string | null }[]; description: string }>;
    };
    const ours = Object.values(manifest.macros).filter((m) => m.name && manifest.macros[`macro.${spec.package.projectName}.${m.name}`] === m);
    const documented = new Map(ours.filter((m) => m.description).map((m) => [m.name, m]));
    for (const m of spec.macros) {
      // a generic test is the macro test_<name> to dbt
      const name = (m as { kind?: string }).kind === 'test' ? `test_${m.name}` : m.name;
      const got = documented.get(name);
      expect(got, `macro ${name} is documented`).toBeDefined();
      expect(got?.arguments.map((a) => a.name)).toEqual(m.args.map((a) => a.name));
    }
    for (const fn of spec.functions.filter((f) => f.wrapped)) {
      expect(
        documented.get(sqlMacroName(fn.name))?.arguments.map((a) => a.name),
        fn.name,
      ).toEqual(fn.args.map((a) => a.name));
      expect(
        documented.get(`${spec.package.macroPrefix}_${fn.name}`)?.arguments.map((a) => a.name),
        fn.name,
      ).toEqual(fn.args.map((a) => a.name));
    }
    expect(Object.keys(manifest.macros)).toContain(`macro.${spec.package.projectName}.materialization_${spec.package.materialization}_postgres`);
  });

  it.skipIf(Number(minor.split('.')[1]) < 10)(
    'has macro-argument validation active, so the check above can fail (skipped below dbt 1.10, which has none)',
    async () => {
      const dir = copyIntegrationProject(`parse-negative-${spec.id}-${minor}`, spec);
      writeFileSync(join(dir, 'macros', 'bogus.sql'), '{% macro bogus_macro(a) %}{{ a }}{% endmacro %}\n');
      writeFileSync(
        join(dir, 'macros', 'bogus.yml'),
        'version: 2\nmacros:\n  - name: bogus_macro\n    description: documented with the wrong argument\n    arguments:\n      - name: b\n        type: string\n',
      );
      const dbt = dbtRunner(minor, dir, 'parse_only', unreachable);
      await dbt.ok(['deps']);
      const parse = await dbt.run(['--warn-error-options', '{"error": ["InvalidMacroAnnotation"]}', 'parse']);
      expect(parse.exitCode).not.toBe(0);
      expect(parse.output).toMatch(/bogus_macro/);
    },
  );
});
