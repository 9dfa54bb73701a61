import type { Argument, Target } from '../../../spec/types.ts';
import { functionSourcePath } from '../naming.ts';
import { collector, type Diagnostic } from './diagnostic.ts';

/** Functions: unique names and arguments, PostgreSQL's default ordering, STRICT against NULL handling, default types. */
export function checkFunctions(spec: Target): Diagnostic[] {
  const { out, at } = collector();
  const seen = new Set<string>();
  for (const fn of spec.functions) {
    const error = at(functionSourcePath(spec, fn.name), { kind: 'function', name: fn.name });
    if (seen.has(fn.name)) error(`function '${fn.name}' is declared twice`);
    seen.add(fn.name);
    const argNames = new Set<string>();
    let sawDefault = false;
    for (const arg of fn.args) {
      if (argNames.has(arg.name)) error(`argument '${arg.name}' is declared twice`);
      argNames.add(arg.name);
      if (arg.default !== undefined) sawDefault = true;
      else if (sawDefault) error(`argument '${arg.name}' has no default but follows an argument with one (PostgreSQL forbids this)`);
      if (fn.strict && arg.onNull.kind !== 'strict-no-op') {
        error(`function is STRICT, so NULL for argument '${arg.name}' is a no-op, but the spec says '${arg.onNull.kind}'`);
      }
      if (!fn.strict && arg.onNull.kind === 'strict-no-op') error(`argument '${arg.name}' says NULL is a STRICT no-op, but the function is not STRICT`);
      checkDefaultType(arg, error);
    }
    if (fn.wrapped && (fn.internal || fn.returns.kind === 'event_trigger'))
      error('only callable functions (returning nothing, a value or rows) can be wrapped in dbt macros, not internal or event-trigger ones');
  }
  return out;
}

function checkDefaultType(arg: Argument, report: (m: string) => void): void {
  if (arg.default === undefined || arg.default.value === null) {
    if (arg.default?.value === null && arg.onNull.kind !== 'meaningful') report(`argument '${arg.name}' defaults to NULL, but NULL is not meaningful for it`);
    return;
  }
  const v = arg.default.value;
  const ok =
    (arg.type === 'text' && typeof v === 'string') ||
    (arg.type === 'boolean' && typeof v === 'boolean') ||
    ((arg.type === 'integer' || arg.type === 'bigint') && typeof v === 'number' && Number.isInteger(v)) ||
    (arg.type === 'double precision' && typeof v === 'number');
  if (!ok) report(`argument '${arg.name}' of type ${arg.type} has a default of the wrong type (${JSON.stringify(v)})`);
}
