import type { Target } from '../../../spec/types.ts';
import { withHeader } from '../header.ts';
import { EMULATOR_BODY_QUOTE, type EmulatorModel } from '../model/emulator-model.ts';
import type { FileOutput } from '../types.ts';
import { functionSignature, tableDdl, viewDdl } from './emulator-ddl.ts';

/**
 * The emulator extension: catalog DDL and every function signature from the spec, bodies hand-written
 * in the target's emulator.sourceDir (present and well-formed: checked by validate/emulator-sources.ts).
 * Always labelled as the emulator.
 */
export function renderEmulator(spec: Target, model: EmulatorModel, sources: Readonly<Record<string, string>>): FileOutput[] {
  const src = (name: string): string => (sources[name] ?? '').trim();
  const { extension } = model;
  const parts: string[] = [
    `-- ${extension.title} ${extension.version} EMULATOR: a SQL-only test double written by ${spec.package.name} from observed behaviour,`,
    "-- not the real extension. Installed only into the test harness's throwaway PostgreSQL server.",
    `\\echo Use "CREATE EXTENSION ${extension.name}" to load this file. \\quit`,
    '',
    `CREATE SCHEMA ${extension.apiSchema};`,
    `CREATE SCHEMA ${extension.changeSchema};`,
    '',
    `-- Catalog (from spec/${spec.id}/catalog)`,
  ];
  for (const rel of model.tables) parts.push(tableDdl(spec, rel), '');
  parts.push('-- Emulator internals (not part of the real API)', src(model.internals), '');
  parts.push(`-- API functions: signatures from spec/${spec.id}/functions, bodies from ${spec.emulator.sourceDir}/functions`);
  for (const { fn, body, specFile } of model.functions) {
    parts.push(
      `-- ${specFile} (reference §${fn.ref})`,
      `${functionSignature(extension.apiSchema, fn)}\nAS ${EMULATOR_BODY_QUOTE}\n${src(body)}\n${EMULATOR_BODY_QUOTE};`,
      '',
    );
  }
  parts.push(`-- Views: column lists from spec/${spec.id}/catalog, SELECTs from ${spec.emulator.sourceDir}/views`);
  for (const { rel, select } of model.views) parts.push(viewDdl(extension.apiSchema, rel, src(select)), '');
  parts.push('-- Event triggers (reference §1, §13)', src(model.eventTriggers), '');
  const sqlPath = `${spec.emulator.outputDir}/${extension.name}--${extension.version}.sql`;
  const controlPath = `${spec.emulator.outputDir}/${extension.name}.control`;
  const control = [
    `comment = '${extension.title} ${extension.version} EMULATOR (${spec.package.name} test double, not the real extension)'`,
    `default_version = '${extension.version}'`,
    'relocatable = false',
    'superuser = true',
    'trusted = false',
    '',
  ].join('\n');
  return [
    {
      path: sqlPath,
      contents: withHeader(
        sqlPath,
        `${parts.join('\n')}\n`,
        [`spec/${spec.id}/index.ts`, `${spec.emulator.sourceDir}/**/*.sql`, 'generator/src/render/emulator.ts'],
        'sql',
      ),
    },
    { path: controlPath, contents: withHeader(controlPath, control, [`spec/${spec.id}/index.ts`, 'generator/src/render/emulator.ts']) },
  ];
}
