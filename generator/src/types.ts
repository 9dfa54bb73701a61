import type { DbtVersions } from '../../dbt-versions.ts';
import type { Target } from '../../spec/types.ts';

/** One generated file: a path relative to the repository root and its exact contents. */
export interface FileOutput {
  readonly path: string;
  readonly contents: string;
}

/** One target's input: its spec and its own files, with what every target shares. */
export interface TargetInput {
  readonly spec: Target;
  readonly dbtVersions: DbtVersions;
  /**
   * Handlebars templates keyed by path relative to generator/templates (e.g. `package/README.md.hbs`): the shared
   * ones, with the target's own (spec/<id>/templates/, same relative paths) in place of those they replace.
   */
  readonly templates: Readonly<Record<string, string>>;
  /** Where a template that is not under generator/templates comes from (the target's own), for headers and errors. */
  readonly templateOrigins?: Readonly<Record<string, string>>;
  /** Hand-written emulator SQL keyed by path relative to the target's `emulator.sourceDir`. */
  readonly emulatorSources: Readonly<Record<string, string>>;
  /**
   * The target package's changelog, keyed by path relative to changelog/<target id>/: `released/<version>.md` (a
   * released entry, joined verbatim and never regenerated) and `unreleased/<category>/<NN-slug>.md` (one bullet each).
   */
  readonly changelog: Readonly<Record<string, string>>;
}

/** Everything generate() needs, loaded by load.ts; generate() itself does no I/O. */
export interface GeneratorInput {
  readonly targets: readonly TargetInput[];
}

/** The directories a target owns: every file in them is generated, and nothing outside them is touched. */
export function generatedRoots(spec: Target): readonly string[] {
  return [spec.package.outputDir, spec.emulator.outputDir];
}

/** Files inside generated roots that tools create at run time (dbt deps, dbt run), never generated. */
export const RUNTIME_ARTIFACTS = [/(^|\/)target\//, /(^|\/)dbt_packages\//, /(^|\/)logs\//, /(^|\/)package-lock\.yml$/, /(^|\/)\.user\.yml$/];
