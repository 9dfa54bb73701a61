import type { Spec } from '../../../spec/types.ts';
import { withHeader } from '../header.ts';
import { functionSignature, tableDdl, viewDdl } from '../model/emulator-model.ts';
import { functionSourcePath } from '../naming.ts';
import type { Diagnostic, FileOutput } from '../types.ts';
import { EMULATOR_ROOT } from '../types.ts';

const SRC = 'integration_tests/emulator/src';
const BODY_QUOTE = '$pgs_emulator$';

/**
 * The emulator extension: catalog DDL and every function signature from the spec, bodies hand-written
 * in integration_tests/emulator/src. Always labelled as the emulator.
 */
export function renderEmulator(spec: Spec, sources: Readonly<Record<string, string>>): { files: FileOutput[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const need = (name: string): string => {
    const s = sources[name];
    if (s === undefined) {
      diagnostics.push({ severity: 'error', where: `${SRC}/${name}`, message: 'missing emulator source file' });
      return '';
    }
    if (s.includes(BODY_QUOTE)) diagnostics.push({ severity: 'error', where: `${SRC}/${name}`, message: `must not contain ${BODY_QUOTE}` });
    return s.trim();
  };
  const { extension } = spec;
  const parts: string[] = [
    `-- pg_stream ${extension.version} EMULATOR: a SQL-only test double written by dbt-pgstream from the reference,`,
    '-- not the real extension. Installed only into the test harness\'s throwaway PostgreSQL server.',
    `\\echo Use "CREATE EXTENSION ${extension.name}" to load this file. \\quit`,
    '',
    `CREATE SCHEMA ${extension.apiSchema};`,
    `CREATE SCHEMA ${extension.changeSchema};`,
    '',
    '-- Catalog (from spec/catalog)',
  ];
  for (const rel of spec.catalog.filter((r) => r.kind === 'table')) parts.push(tableDdl(spec, rel), '');
  parts.push('-- Emulator internals (not part of the real API)', need('internals.sql'), '');
  parts.push('-- API functions: signatures from spec/functions, bodies from integration_tests/emulator/src/functions');
  for (const fn of spec.functions) {
    const body = need(`functions/${fn.name}.sql`);
    parts.push(`-- ${functionSourcePath(fn.name)} (reference §${fn.ref})`, `${functionSignature(fn)}\nAS ${BODY_QUOTE}\n${body}\n${BODY_QUOTE};`, '');
  }
  parts.push('-- Views: column lists from spec/catalog, SELECTs from integration_tests/emulator/src/views');
  for (const rel of spec.catalog.filter((r) => r.kind === 'view')) parts.push(viewDdl(rel, need(`views/${rel.name}.sql`)), '');
  parts.push('-- Event triggers (reference §1, §13)', need('event-triggers.sql'), '');
  const sqlPath = `${EMULATOR_ROOT}/${extension.name}--${extension.version}.sql`;
  const controlPath = `${EMULATOR_ROOT}/${extension.name}.control`;
  const control = [
    `comment = 'pg_stream ${extension.version} EMULATOR (dbt-pgstream test double, not the real extension)'`,
    `default_version = '${extension.version}'`,
    'relocatable = false',
    'superuser = true',
    'trusted = false',
    '',
  ].join('\n');
  return {
    diagnostics,
    files: [
      { path: sqlPath, contents: withHeader(sqlPath, `${parts.join('\n')}\n`, ['spec/index.ts', `${SRC}/**/*.sql`, 'generator/src/render/emulator.ts']) },
      { path: controlPath, contents: withHeader(controlPath, control, ['spec/index.ts', 'generator/src/render/emulator.ts']) },
    ],
  };
}
