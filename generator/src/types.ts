import type { DbtVersions } from '../../dbt-versions.ts';

/** One generated file: a path relative to the repository root and its exact contents. */
export interface FileOutput {
  readonly path: string;
  readonly contents: string;
}

/** Everything generate() needs, loaded by load.ts; generate() itself does no I/O. */
export interface GeneratorInput {
  readonly spec: import('../../spec/types.ts').Spec;
  readonly dbtVersions: DbtVersions;
  /** Handlebars templates keyed by path relative to generator/templates (e.g. `package/README.md.hbs`). */
  readonly templates: Readonly<Record<string, string>>;
  /** Hand-written emulator SQL keyed by path relative to integration_tests/emulator/src. */
  readonly emulatorSources: Readonly<Record<string, string>>;
  /**
   * Changelog fragments keyed by path relative to changelog/: `released/<version>.md` (a released entry, joined
   * verbatim and never regenerated) and `unreleased/<category>/<NN-slug>.md` (one bullet each).
   */
  readonly changelog: Readonly<Record<string, string>>;
}

export const PACKAGE_ROOT = 'dist-package/dbt-pgstream';
export const EMULATOR_ROOT = 'integration_tests/emulator/extension';
/** Directories whose files are all generated; --check reports files in them that the generator does not produce. */
export const GENERATED_ROOTS = [PACKAGE_ROOT, EMULATOR_ROOT] as const;
/** Files inside generated roots that tools create at run time (dbt deps, dbt run), never generated. */
export const RUNTIME_ARTIFACTS = [/(^|\/)target\//, /(^|\/)dbt_packages\//, /(^|\/)logs\//, /(^|\/)package-lock\.yml$/, /(^|\/)\.user\.yml$/];
