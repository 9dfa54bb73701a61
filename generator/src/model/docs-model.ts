import type { DbtVersions } from '../../../dbt-versions.ts';
import type { Target } from '../../../spec/types.ts';

/** The docs' view model: what the README, dbt_project.yml and the integration project say about the package. */
export interface DocsView {
  readonly projectName: string;
  readonly version: string;
  readonly materialization: string;
  readonly requireDbtVersion: readonly string[];
  readonly subdirectory: string;
  /** The README's Day 2 examples, shown as written (a scenario runs them). */
  readonly day2Examples: Target['day2Examples'];
  readonly limitations: Target['limitations'];
  /** The package whose projects this one takes over, with the line each of its retired macros raises; or null. */
  readonly predecessor: (NonNullable<Target['predecessor']> & { readonly retired: readonly { readonly name: string; readonly message: string }[] }) | null;
  readonly testedDbtVersions: readonly { readonly minor: string; readonly core: string; readonly postgres: string; readonly isDefault: boolean }[];
}

export function buildDocsView(spec: Target, dbtVersions: DbtVersions): DocsView {
  return {
    projectName: spec.package.projectName,
    version: spec.package.version,
    materialization: spec.package.materialization,
    requireDbtVersion: spec.package.requireDbtVersion,
    subdirectory: spec.package.outputDir,
    day2Examples: spec.day2Examples,
    limitations: spec.limitations,
    predecessor:
      spec.predecessor === undefined
        ? null
        : {
            ...spec.predecessor,
            retired: spec.predecessor.retiredMacros.map((r) => ({
              name: r.name,
              message: `${spec.package.name}: ${r.name} is a macro of ${spec.predecessor?.title} that ${spec.package.name} does not have: ${r.replacement}`,
            })),
          },
    testedDbtVersions: dbtVersions.ci.map((minor) => {
      const pin = dbtVersions.pins.find((p) => p.minor === minor);
      return { minor, core: pin?.packages['dbt-core'] ?? '?', postgres: pin?.packages['dbt-postgres'] ?? '?', isDefault: minor === dbtVersions.default };
    }),
  };
}
