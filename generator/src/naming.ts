/** Naming rules shared by the model builders; templates never derive names themselves. */

/** `create_stream_table` → `create-stream-table`; a leading underscore is dropped (`_on_ddl_end` → `on-ddl-end`). */
export function kebabCase(sqlName: string): string {
  return sqlName.replace(/^_+/, '').replace(/_/g, '-');
}

/** The spec file that declares a function, by the one-function-per-file convention. */
export function functionSourcePath(sqlName: string): string {
  return `spec/functions/${kebabCase(sqlName)}.ts`;
}

export function catalogSourcePath(relationName: string): string {
  return `spec/catalog/${kebabCase(relationName)}.ts`;
}

/** SQL-text producer macro of a wrapped function (dbt-adapters `get_<verb>_..._sql`). */
export function sqlMacroName(sqlName: string): string {
  return `get_${sqlName}_sql`;
}

/** Executor macro of a wrapped function (plan §2 names). */
export function executorMacroName(sqlName: string): string {
  return `pgstream_${sqlName}`;
}
