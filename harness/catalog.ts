/**
 * The selected target's SQL names, from its spec: qualified API functions and catalog relations with their columns
 * by role. Harness code and scenarios write `names.fn('refresh_stream_table')` or `names.st.relation` instead of
 * an extension's schema and names; a function or role the target does not define is an error here, not a SQL error.
 */
import type { Target } from '../spec/types.ts';
import { selectedTarget } from './target.ts';

export interface TargetNames {
  /** `<api schema>.<function>`; throws when the target has no such function. */
  fn(name: string): string;
  readonly create: string;
  readonly alter: string;
  readonly drop: string;
  readonly refresh: string;
  /** The stream-table catalog: its qualified relation and its columns by role. */
  readonly st: Target['catalogRoles']['streamTables'] & { readonly qualified: string };
  readonly dependencies: Target['catalogRoles']['dependencies'] & { readonly qualified: string };
  readonly changeTracking: Target['catalogRoles']['changeTracking'] & { readonly qualified: string };
}

export function targetNames(target: Target = selectedTarget()): TargetNames {
  const schema = target.extension.apiSchema;
  const fn = (name: string): string => {
    if (!target.functions.some((f) => f.name === name))
      throw new Error(`${target.extension.name} has no function ${name} (its spec lists ${target.functions.map((f) => f.name).join(', ')})`);
    return `${schema}.${name}`;
  };
  const { streamTables, dependencies, changeTracking } = target.catalogRoles;
  return {
    fn,
    create: fn(target.lifecycle.create),
    alter: fn(target.lifecycle.alter),
    drop: fn(target.lifecycle.drop),
    refresh: fn(target.lifecycle.refresh),
    st: { ...streamTables, qualified: `${schema}.${streamTables.relation}` },
    dependencies: { ...dependencies, qualified: `${schema}.${dependencies.relation}` },
    changeTracking: { ...changeTracking, qualified: `${schema}.${changeTracking.relation}` },
  };
}
