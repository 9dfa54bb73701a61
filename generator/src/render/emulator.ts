import type { Spec } from '../../../spec/types.ts';
import { withHeader } from '../header.ts';
import { EMULATOR_BODY_QUOTE, type EmulatorModel } from '../model/emulator-model.ts';
import type { FileOutput } from '../types.ts';
import { EMULATOR_ROOT } from '../types.ts';
import { functionSignature, tableDdl, viewDdl } from './emulator-ddl.ts';

/**
 * The emulator extension: catalog DDL and every function signature from the spec, bodies hand-written
 * in integration_tests/emulator/src (present and well-formed: checked by validate/emulator-sources.ts).
 * Always labelled as the emulator.
 */
export function renderEmulator(spec: Spec, model: EmulatorModel, sources: Readonly<Record<string, string>>): FileOutput[] {
  const src = (name: string): string => (sources[name] ?? '').trim();
  const { extension } = model;
  const parts: string[] = [
    `-- pg_stream ${extension.version} EMULATOR: a SQL-only test double written by dbt-pgstream from the reference,`,
    "-- not the real extension. Installed only into the test harness's throwaway PostgreSQL server.",
    `\\echo Use "CREATE EXTENSION ${extension.name}" to load this file. \\quit`,
    '',
    `CREATE SCHEMA ${extension.apiSchema};`,
    `CREATE SCHEMA ${extension.changeSchema};`,
    '',
    '-- Catalog (from spec/catalog)',
  ];
  for (const rel of model.tables) parts.push(tableDdl(spec, rel), '');
  parts.push('-- Emulator internals (not part of the real API)', src(model.internals), '');
  parts.push('-- API functions: signatures from spec/functions, bodies from integration_tests/emulator/src/functions');
  for (const { fn, body, specFile } of model.functions) {
    parts.push(`-- ${specFile} (reference §${fn.ref})`, `${functionSignature(fn)}\nAS ${EMULATOR_BODY_QUOTE}\n${src(body)}\n${EMULATOR_BODY_QUOTE};`, '');
  }
  parts.push('-- Views: column lists from spec/catalog, SELECTs from integration_tests/emulator/src/views');
  for (const { rel, select } of model.views) parts.push(viewDdl(rel, src(select)), '');
  parts.push('-- Event triggers (reference §1, §13)', src(model.eventTriggers), '');
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
  return [
    {
      path: sqlPath,
      contents: withHeader(sqlPath, `${parts.join('\n')}\n`, ['spec/index.ts', 'integration_tests/emulator/src/**/*.sql', 'generator/src/render/emulator.ts']),
    },
    { path: controlPath, contents: withHeader(controlPath, control, ['spec/index.ts', 'generator/src/render/emulator.ts']) },
  ];
}
