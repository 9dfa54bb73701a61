/** Naming rules shared by the model builders; templates never derive names themselves. */
import type { Target } from '../../spec/types.ts';

/** `create_stream_table` → `create-stream-table`; a leading underscore is dropped (`_on_ddl_end` → `on-ddl-end`). */
export function kebabCase(sqlName: string): string {
  return sqlName.replace(/^_+/, '').replace(/_/g, '-');
}

/** A file of the target's directory, relative to the repository root: `spec/<id>/<rel>`. */
export function specFile(spec: Pick<Target, 'id'>, rel: string): string {
  return `spec/${spec.id}/${rel}`;
}

/** The spec file that declares a function, by the one-function-per-file convention. */
export function functionSourcePath(spec: Pick<Target, 'id'>, sqlName: string): string {
  return specFile(spec, `functions/${kebabCase(sqlName)}.ts`);
}

export function catalogSourcePath(spec: Pick<Target, 'id'>, relationName: string): string {
  return specFile(spec, `catalog/${kebabCase(relationName)}.ts`);
}

/** A changelog fragment or released entry of the target's package: `changelog/<id>/<rel>`. */
export function changelogPath(spec: Pick<Target, 'id'>, rel: string): string {
  return `changelog/${spec.id}/${rel}`;
}

/**
 * The shared template of a public hand-written macro: `macros/<folder>/<name without '<prefix>_'>.sql.hbs`, so
 * `pgstream_refresh` and another target's `<prefix>_refresh` render from `operations/refresh.sql.hbs`.
 */
export function macroTemplatePath(spec: Pick<Target, 'package'>, m: { readonly name: string; readonly folder: string }): string {
  const prefix = `${spec.package.macroPrefix}_`;
  return `package/macros/${m.folder}/${m.name.startsWith(prefix) ? m.name.slice(prefix.length) : m.name}.sql.hbs`;
}

/** A template of a public hand-written macro (not a private `_` file): rendered only for targets that declare it. */
export function isPublicMacroTemplate(name: string): boolean {
  return /^package\/macros\/(catalog|operations|tests|utils)\/[^_/][^/]*\.sql\.hbs$/.test(name);
}

/** SQL-text producer macro of a wrapped function (dbt-adapters `get_<verb>_..._sql`); `get_staleness` → `get_staleness_sql`. */
export function sqlMacroName(sqlName: string): string {
  return `get_${sqlName.replace(/^get_/, '')}_sql`;
}

/** Executor macro of a wrapped function: `<macro prefix>_<function>`. */
export function executorMacroName(spec: Pick<Target, 'package'>, sqlName: string): string {
  return `${spec.package.macroPrefix}_${sqlName}`;
}
