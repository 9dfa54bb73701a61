import { buildChangelogModel } from './model/changelog-model.ts';
import { buildEmulatorModel } from './model/emulator-model.ts';
import { buildPackageModel } from './model/package-model.ts';
import { renderEmulator } from './render/emulator.ts';
import { createEngine } from './render/handlebars.ts';
import { renderManifest, renderPackage } from './render/package.ts';
import { type FileOutput, type GeneratorInput, PACKAGE_ROOT } from './types.ts';
import { checkReferences, checkRenderedMarkdown, type Diagnostic, validateInput } from './validate/index.ts';

export interface GenerateResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly FileOutput[];
}

/** validate → model → render (→ check the output: references, rendered Markdown). Pure: no disk I/O; the same input gives byte-identical output. */
export function generate(input: GeneratorInput): GenerateResult {
  const diagnostics = validateInput(input);
  if (diagnostics.length > 0) return { diagnostics, files: [] };
  const engine = createEngine(input.templates);
  const pkg = renderPackage(buildPackageModel(input.spec, input.dbtVersions), buildChangelogModel(input.changelog), input.templates, engine);
  const emulator = renderEmulator(input.spec, buildEmulatorModel(input.spec), input.emulatorSources);
  const files = [...pkg, renderManifest(pkg), ...emulator].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const output = [...checkReferences(input.spec, files), ...checkRenderedMarkdown(PACKAGE_ROOT, files)];
  if (output.length > 0) return { diagnostics: output, files: [] };
  return { diagnostics: [], files };
}
