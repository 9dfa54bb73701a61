import type { Argument, Spec, SqlFunction } from '../../spec/types.ts';
import { catalogSourcePath, functionSourcePath } from './naming.ts';
import type { Diagnostic } from './types.ts';

/**
 * Checks the spec for internal consistency. Returns every problem found; never throws midway,
 * so one run lists them all.
 */
export function validateSpec(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const error = (where: string, message: string) => out.push({ severity: 'error', where, message });

  const fnByName = new Map<string, SqlFunction>();
  for (const fn of spec.functions) {
    const where = `${functionSourcePath(fn.name)} (function '${fn.name}')`;
    if (fnByName.has(fn.name)) error(where, `function '${fn.name}' is declared twice`);
    fnByName.set(fn.name, fn);
    const argNames = new Set<string>();
    let sawDefault = false;
    for (const arg of fn.args) {
      if (argNames.has(arg.name)) error(where, `argument '${arg.name}' is declared twice`);
      argNames.add(arg.name);
      if (arg.default !== undefined) sawDefault = true;
      else if (sawDefault) error(where, `argument '${arg.name}' has no default but follows an argument with one (PostgreSQL forbids this)`);
      if (fn.strict && arg.onNull.kind !== 'strict-no-op') {
        error(where, `function is STRICT, so NULL for argument '${arg.name}' is a no-op, but the spec says '${arg.onNull.kind}'`);
      }
      if (!fn.strict && arg.onNull.kind === 'strict-no-op') {
        error(where, `argument '${arg.name}' says NULL is a STRICT no-op, but the function is not STRICT`);
      }
      checkDefaultType(arg, (m) => error(where, m));
    }
    if (fn.wrapped && (fn.internal || fn.returns.kind !== 'scalar')) {
      error(where, 'only callable scalar functions can be wrapped in dbt macros');
    }
  }

  const enumNames = new Set(spec.enums.map((e) => e.name));
  for (const e of spec.enums) {
    const where = `spec/enums.ts (enum '${e.name}')`;
    for (const [alias, target] of Object.entries(e.aliases ?? {})) {
      if (!e.values.includes(target)) error(where, `alias '${alias}' maps to '${target}', which is not a value of the enum`);
    }
    for (const v of e.checkValues ?? []) {
      if (!e.values.includes(v)) error(where, `CHECK value '${v}' is not a value of the enum`);
    }
  }

  for (const rel of spec.catalog) {
    const where = `${catalogSourcePath(rel.name)} (${rel.kind} '${rel.name}')`;
    const cols = new Set<string>();
    for (const c of rel.columns) {
      if (cols.has(c.name)) error(where, `column '${c.name}' is declared twice`);
      cols.add(c.name);
      if (c.check !== undefined && !enumNames.has(c.check)) error(where, `column '${c.name}' checks against unknown enum '${c.check}'`);
    }
    const keyed = [...(rel.primaryKey ?? []), ...(rel.unique ?? []).flatMap((u) => u.columns), ...(rel.indexes ?? []).flatMap((i) => i.columns)];
    for (const k of keyed) if (!cols.has(k)) error(where, `key or index names unknown column '${k}'`);
  }

  const optIn = spec.configKeys.find((k) => k.name === spec.schedule.cronBehaviour.optInConfigKey);
  if (optIn === undefined || optIn.type.kind !== 'boolean' || optIn.change.kind !== 'materialization') {
    error('spec/schedule.ts', `cronBehaviour.optInConfigKey '${spec.schedule.cronBehaviour.optInConfigKey}' must name a boolean config key with change kind 'materialization'`);
  }
  const keyNames = new Set<string>();
  for (const key of spec.configKeys) {
    const where = `spec/config-keys.ts (config key '${key.name}')`;
    if (keyNames.has(key.name)) error(where, `config key '${key.name}' is declared twice`);
    keyNames.add(key.name);
    if (key.feeds.length === 0 && key.change.kind !== 'materialization') {
      error(where, "a config key must feed at least one function argument (only change kind 'materialization' is the package's own)");
    }
    for (const feed of key.feeds) {
      const fn = fnByName.get(feed.function);
      if (fn === undefined) {
        error(where, `feeds function '${feed.function}', which the spec does not declare (known: ${[...fnByName.keys()].join(', ')})`);
        continue;
      }
      if (!fn.args.some((a) => a.name === feed.argument)) {
        error(where, `feeds argument '${feed.argument}' of '${feed.function}', which has no such argument (it has: ${fn.args.map((a) => a.name).join(', ')})`);
      }
      if (!fn.wrapped) error(where, `feeds '${feed.function}', which the package does not wrap`);
    }
    if (key.type.kind === 'enum') {
      const e = spec.enums.find((x) => x.name === (key.type as { enum: string }).enum);
      if (e === undefined) error(where, `uses unknown enum '${key.type.enum}'`);
      else {
        for (const v of key.type.only ?? []) if (!e.values.includes(v)) error(where, `allows '${v}', which is not a value of enum '${e.name}'`);
        for (const v of Object.keys(key.rejectedValues ?? {})) {
          if ((key.type.only ?? e.values).includes(v)) error(where, `rejects '${v}', which it also allows`);
        }
        if (typeof key.default === 'string' && !e.values.includes(key.default)) {
          error(where, `default '${key.default}' is not a value of enum '${e.name}' (${e.values.join(', ')})`);
        }
      }
    }
    if (key.type.kind === 'boolean' && typeof key.default !== 'boolean') error(where, 'a boolean key needs a boolean default');
    if (key.default === null && key.nullable === undefined) error(where, 'default is null but the key is not nullable');
    const change = key.change;
    if (change.kind === 'alter') {
      const fn = fnByName.get(change.argument.function);
      if (!fn?.args.some((a) => a.name === change.argument.name)) {
        error(where, `is applied through '${change.argument.function}(${change.argument.name})', which does not exist`);
      }
      const st = spec.catalog.find((r) => r.name === 'pgs_stream_tables');
      if (!st?.columns.some((c) => c.name === change.catalogColumn)) {
        error(where, `is compared with catalog column '${change.catalogColumn}', which pgs_stream_tables does not have`);
      }
    }
    // The create-time argument must exist and accept the key's default.
    const createFeed = key.feeds.find((f) => f.function === 'create_stream_table');
    if (key.nullable !== undefined && createFeed !== undefined) {
      const arg = fnByName.get('create_stream_table')?.args.find((a) => a.name === createFeed.argument);
      if (arg !== undefined && arg.onNull.kind === 'error') {
        error(where, `may be null, but create_stream_table(${arg.name}) raises on NULL`);
      }
    }
  }
  for (const rk of spec.rejectedConfigKeys) {
    if (keyNames.has(rk.name)) error(`spec/config-keys.ts (rejected key '${rk.name}')`, 'a key cannot be both supported and rejected');
  }

  const macroNames = new Set<string>();
  const knownObjects = new Set([...spec.functions.map((f) => f.name), ...spec.catalog.map((r) => r.name)]);
  for (const m of spec.macros) {
    const where = `spec/macros.ts (macro '${m.name}')`;
    if (macroNames.has(m.name)) error(where, `macro '${m.name}' is declared twice`);
    macroNames.add(m.name);
    for (const u of m.uses) if (!knownObjects.has(u)) error(where, `uses '${u}', which is neither a spec function nor a catalog relation`);
    let sawDefault = false;
    for (const a of m.args) {
      if (a.default !== undefined) sawDefault = true;
      else if (sawDefault) error(where, `argument '${a.name}' has no default but follows one that does`);
    }
  }
  const statuses = spec.enums.find((e) => e.name === 'status')?.values ?? [];
  const ext = spec.extension;
  for (const [field, value] of Object.entries({
    'statusAfterCreate.initialized': ext.statusAfterCreate.initialized,
    'statusAfterCreate.uninitialized': ext.statusAfterCreate.uninitialized,
    statusAfterSourceDropped: ext.statusAfterSourceDropped,
    statusAfterMaxErrors: ext.statusAfterMaxErrors,
  })) {
    if (!statuses.includes(value)) error(`spec/index.ts (extension.${field})`, `'${value}' is not a value of enum 'status' (${statuses.join(', ')})`);
  }
  // dbt renders descriptions in property YAML as Jinja: a delimiter in one breaks every user's parse.
  const described: [string, string][] = [
    ...spec.macros.flatMap((m): [string, string][] => [[`spec/macros.ts (macro '${m.name}')`, m.description], ...m.args.map((a): [string, string] => [`spec/macros.ts (macro '${m.name}')`, a.description])]),
    ...spec.functions.filter((f) => f.wrapped).flatMap((f): [string, string][] => [[`${functionSourcePath(f.name)} (function '${f.name}')`, f.description], ...f.args.map((a): [string, string] => [`${functionSourcePath(f.name)} (function '${f.name}')`, a.description])]),
  ];
  for (const [where, text] of described) {
    if (/\{\{|\{%|\{#/.test(text)) error(where, `a description contains a Jinja delimiter ({{, {% or {#), which dbt would render in the macro docs: ${text}`);
  }
  try {
    new RegExp(spec.identifierPattern);
  } catch (e) {
    error('spec/index.ts (identifierPattern)', `not a valid regular expression: ${(e as Error).message}`);
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
    ((arg.type === 'integer' || arg.type === 'bigint') && typeof v === 'number' && Number.isInteger(v));
  if (!ok) report(`argument '${arg.name}' of type ${arg.type} has a default of the wrong type (${JSON.stringify(v)})`);
}

/**
 * Checks rendered files: every `<api schema>.<name>` they reference must be a function or catalog relation of the
 * spec, so a rename in spec/ cannot leave a template behind.
 */
export function validateReferences(spec: Spec, files: readonly { path: string; contents: string }[]): Diagnostic[] {
  const known = new Set([...spec.functions.map((f) => f.name), ...spec.catalog.map((r) => r.name)]);
  const re = new RegExp(`\\b${spec.extension.apiSchema}\\.([a-z_][a-z0-9_]*)`, 'g');
  const out: Diagnostic[] = [];
  for (const f of files) {
    if (!f.path.startsWith('dist-package/')) continue;
    for (const m of f.contents.matchAll(re)) {
      const name = m[1] ?? '';
      if (!known.has(name)) {
        out.push({ severity: 'error', where: f.path, message: `references ${spec.extension.apiSchema}.${name}, which spec/ declares as neither a function nor a catalog relation` });
      }
    }
  }
  return [...new Map(out.map((d) => [`${d.where} ${d.message}`, d])).values()];
}
