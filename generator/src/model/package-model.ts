import type { DbtVersions } from '../../../dbt-versions.ts';
import type { Spec } from '../../../spec/types.ts';
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
  readonly extension: Spec['extension'];
}

export function buildPackageModel(spec: Spec, dbtVersions: DbtVersions): PackageModel {
  const api = buildApiView(spec);
  const config = buildConfigView(spec);
  return {
    ns: spec.package.projectName,
    extension: spec.extension,
    ...api,
    ...config,
    ...buildMaterializationView(spec, config, api),
    ...buildDocsView(spec, dbtVersions),
  };
}
