import { buildChangelogModel } from './model/changelog-model.ts';
import { buildEmulatorModel } from './model/emulator-model.ts';
import { buildPackageModel } from './model/package-model.ts';
import { renderEmulator } from './render/emulator.ts';
import { createEngine } from './render/handlebars.ts';
import { renderManifest, renderPackage } from './render/package.ts';
import { type FileOutput, type GeneratorInput, generatedRoots, type TargetInput } from './types.ts';
import { checkReferences, checkRenderedMarkdown, type Diagnostic, validateInput } from './validate/index.ts';

export interface GenerateResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly FileOutput[];
  /** The directories the rendered targets own: writing and checking look only there. */
  readonly roots: readonly string[];
}

export interface GenerateOptions {
  /** Render only the target with this id (default: every target). */
  readonly target?: string;
}

const byPath = (a: FileOutput, b: FileOutput) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** One target: validate → model → render (→ check the output: references, rendered Markdown). */
export function generateTarget(input: TargetInput): { diagnostics: Diagnostic[]; files: FileOutput[] } {
  const diagnostics = validateInput(input);
  if (diagnostics.length > 0) return { diagnostics, files: [] };
  const { spec } = input;
  const engine = createEngine(input.templates, input.templateOrigins);
  const pkg = renderPackage(buildPackageModel(spec, input.dbtVersions), buildChangelogModel(input.changelog), input.templates, engine, input.templateOrigins);
  const emulator = renderEmulator(spec, buildEmulatorModel(spec), input.emulatorSources);
  const files = [...pkg, renderManifest(spec, pkg), ...emulator].sort(byPath);
  const output = [...checkReferences(spec, files), ...checkRenderedMarkdown(spec.package.outputDir, files)];
  if (output.length > 0) return { diagnostics: output, files: [] };
  return { diagnostics: [], files };
}

/** Every target (or the one asked for), each into the directories it owns. Pure: no disk I/O; deterministic. */
export function generate(input: GeneratorInput, options: GenerateOptions = {}): GenerateResult {
  const chosen = options.target === undefined ? input.targets : input.targets.filter((t) => t.spec.id === options.target);
  if (chosen.length === 0) {
    const known = input.targets.map((t) => t.spec.id).join(', ');
    return { diagnostics: [{ file: 'spec/index.ts', message: `no target '${options.target}' (targets: ${known})` }], files: [], roots: [] };
  }
  const overlap = overlappingRoots(input.targets);
  if (overlap.length > 0) return { diagnostics: overlap, files: [], roots: [] };
  const results = chosen.map(generateTarget);
  const diagnostics = results.flatMap((r) => r.diagnostics);
  if (diagnostics.length > 0) return { diagnostics, files: [], roots: [] };
  return { diagnostics: [], files: results.flatMap((r) => r.files).sort(byPath), roots: chosen.flatMap((t) => generatedRoots(t.spec)) };
}

/** Targets must have distinct ids and own disjoint directories (writing one never touches another's files). */
function overlappingRoots(targets: readonly TargetInput[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen: { id: string; root: string }[] = [];
  for (const t of targets) {
    if (seen.some((s) => s.id === t.spec.id)) out.push({ file: 'spec/index.ts', message: `two targets have the id '${t.spec.id}'` });
    for (const root of generatedRoots(t.spec)) {
      const clash = seen.find((s) => s.root === root || s.root.startsWith(`${root}/`) || root.startsWith(`${s.root}/`));
      if (clash) out.push({ file: `spec/${t.spec.id}/index.ts`, message: `output directory ${root} overlaps ${clash.root} of target '${clash.id}'` });
    }
    for (const root of generatedRoots(t.spec)) seen.push({ id: t.spec.id, root });
  }
  return out;
}
