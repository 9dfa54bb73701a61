import { buildPackageModel } from './model/package-model.ts';
import { renderEmulator } from './render/emulator.ts';
import { createEngine } from './render/handlebars.ts';
import { renderManifest, renderPackage } from './render/package.ts';
import type { Diagnostic, FileOutput, GeneratorInput } from './types.ts';
import { validateReferences, validateSpec } from './validate.ts';

export interface GenerateResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly FileOutput[];
}

/** validate → model → render. Pure: no disk I/O; the same input gives byte-identical output. */
export function generate(input: GeneratorInput): GenerateResult {
  const diagnostics = validateSpec(input.spec);
  if (diagnostics.length > 0) return { diagnostics, files: [] };
  const model = buildPackageModel(input.spec, input.dbtVersions);
  const engine = createEngine(input.templates);
  const pkg = renderPackage(model, input.templates, engine);
  const emulator = renderEmulator(input.spec, input.emulatorSources);
  if (emulator.diagnostics.length > 0) return { diagnostics: emulator.diagnostics, files: [] };
  const files = [...pkg, renderManifest(pkg), ...emulator.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const references = validateReferences(input.spec, files);
  if (references.length > 0) return { diagnostics: references, files: [] };
  return { diagnostics: [], files };
}
