import type { DbtVersions } from '../../../dbt-versions.ts';
import type { Target } from '../../../spec/types.ts';
import { specFile } from '../naming.ts';
import { type ApiView, buildApiView } from './api-model.ts';
import { buildConfigView, type ConfigView } from './config-model.ts';
import { buildDocsView, type DocsView } from './docs-model.ts';
import { buildMaterializationView, type MaterializationView } from './materialization-model.ts';

export type { MacroModel } from './api-model.ts';

/**
 * What the package templates see as `model`: the namespace and extension facts, and one view model per output
 * family (API wrappers and macros, config, materialization, docs), each built by its own pure function.
 */
export interface PackageModel extends ApiView, ConfigView, MaterializationView, DocsView {
  /** The dbt namespace every package macro is called through (`dbt_pgstream.x()`). */
  readonly ns: string;
  /** Prefix of the package's own macro names; private helpers are `_<prefix>_<name>`. */
  readonly prefix: string;
  /** The package's name, which starts its log and error lines (`dbt-pgstream: ...`). */
  readonly packageName: string;
  readonly extension: Target['extension'];
  /** Where the package is written, and the target files its headers name. */
  readonly outputDir: string;
  readonly specIndex: string;
  readonly specMacros: string;
  readonly specFunctions: string;
  readonly specPredecessor: string;
  readonly changelogDir: string;
  /** Catalog relations and columns by role (spec catalogRoles): the stream tables, dependencies, change tracking, stats. */
  readonly st: Target['catalogRoles']['streamTables'];
  readonly deps: Target['catalogRoles']['dependencies'];
  readonly tracking: Target['catalogRoles']['changeTracking'];
  readonly stats: Target['catalogRoles']['stats'];
}

export function buildPackageModel(spec: Target, dbtVersions: DbtVersions): PackageModel {
  const api = buildApiView(spec);
  const config = buildConfigView(spec);
  return {
    ns: spec.package.projectName,
    prefix: spec.package.macroPrefix,
    packageName: spec.package.name,
    extension: spec.extension,
    outputDir: spec.package.outputDir,
    specIndex: specFile(spec, 'index.ts'),
    specMacros: specFile(spec, 'macros.ts'),
    specFunctions: specFile(spec, 'functions/*.ts'),
    specPredecessor: specFile(spec, 'predecessor.ts'),
    changelogDir: `changelog/${spec.id}`,
    st: spec.catalogRoles.streamTables,
    deps: spec.catalogRoles.dependencies,
    tracking: spec.catalogRoles.changeTracking,
    stats: spec.catalogRoles.stats,
    ...api,
    ...config,
    ...buildMaterializationView(spec, config, api),
    ...buildDocsView(spec, dbtVersions),
  };
}
