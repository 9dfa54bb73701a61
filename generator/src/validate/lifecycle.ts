import type { Target } from '../../../spec/types.ts';
import { specFile } from '../naming.ts';
import { collector, type Diagnostic } from './diagnostic.ts';

/**
 * The lifecycle roles name wrapped functions that take the stream table's name, create takes the query, the catalog
 * relation exists, and every create argument is fed (by the name, the query, or a config key). The extension's
 * status facts are values of the status enum, and the identifier pattern compiles.
 */
export function checkLifecycle(spec: Target): Diagnostic[] {
  const FILE = specFile(spec, 'index.ts');
  const { out, at } = collector();
  const { lifecycle } = spec;
  const roles = { create: lifecycle.create, alter: lifecycle.alter, drop: lifecycle.drop, refresh: lifecycle.refresh, resume: lifecycle.resume };
  for (const [role, name] of Object.entries(roles)) {
    const error = at(FILE, { kind: 'lifecycle', name: role });
    const fn = spec.functions.find((f) => f.name === name);
    if (fn === undefined) {
      error(`names function '${name}', which the spec does not declare`);
      continue;
    }
    if (!fn.wrapped) error(`names function '${name}', which the package does not wrap`);
    if (!fn.args.some((a) => a.name === lifecycle.nameArgument)) {
      error(`'${name}' has no argument '${lifecycle.nameArgument}' (lifecycle.nameArgument); it has: ${fn.args.map((a) => a.name).join(', ')}`);
    }
  }
  const create = spec.functions.find((f) => f.name === lifecycle.create);
  if (create !== undefined) {
    if (!create.args.some((a) => a.name === lifecycle.queryArgument))
      at(FILE, { kind: 'lifecycle', name: 'queryArgument' })(`'${create.name}' has no argument '${lifecycle.queryArgument}'`);
    for (const a of create.args) {
      const fed =
        a.name === lifecycle.nameArgument ||
        a.name === lifecycle.queryArgument ||
        spec.configKeys.some((k) => k.feeds.some((f) => f.function === create.name && f.argument === a.name));
      if (!fed) at(FILE, { kind: 'lifecycle', name: 'create' })(`${create.name}(${a.name}) is fed by no config key and is neither the name nor the query`);
    }
  }
  // the config keys by role: each exists, of the kind its role needs, feeding the function it must
  const keyRole = (role: keyof Target['keyRoles'], ok: (k: Target['configKeys'][number]) => boolean, needs: string) => {
    const name = spec.keyRoles[role];
    if (name === undefined) return;
    const key = spec.configKeys.find((k) => k.name === name);
    if (key === undefined) at(FILE, { kind: 'key role', name: role })(`'${name}' is not a config key of the spec`);
    else if (!ok(key)) at(FILE, { kind: 'key role', name: role })(`'${name}' must be ${needs}`);
  };
  const feeds = (k: Target['configKeys'][number], fn: string) => k.feeds.some((f) => f.function === fn);
  keyRole('schedule', (k) => k.type.kind === 'schedule', 'a key of kind schedule');
  keyRole('initialize', (k) => k.type.kind === 'boolean' && feeds(k, lifecycle.create), `a boolean key that feeds '${lifecycle.create}'`);
  keyRole('status', (k) => k.change.kind === 'alter' && feeds(k, lifecycle.alter), `a key applied in place through '${lifecycle.alter}'`);
  keyRole('cronOptIn', (k) => k.type.kind === 'boolean' && k.change.kind === 'materialization', "a boolean key with change kind 'materialization'");
  keyRole('swapOnReplace', (k) => k.type.kind === 'boolean' && k.change.kind === 'materialization', "a boolean key with change kind 'materialization'");
  keyRole('keylessSourceOptIn', (k) => k.type.kind === 'boolean' && k.change.kind === 'materialization', "a boolean key with change kind 'materialization'");
  if (spec.keyRoles.cronOptIn !== undefined && spec.keyRoles.schedule === undefined)
    at(FILE, { kind: 'key role', name: 'cronOptIn' })('a cron opt-in needs the schedule key role, whose value it checks');
  for (const [role, { relation, ...columns }] of Object.entries(spec.catalogRoles)) {
    const error = at(FILE, { kind: 'catalog role', name: role });
    const rel = spec.catalog.find((r) => r.name === relation);
    if (rel === undefined) {
      error(`'${relation}' is not a catalog relation of the spec`);
      continue;
    }
    for (const [columnRole, column] of Object.entries(columns)) {
      if (!rel.columns.some((c) => c.name === column)) error(`${columnRole}: '${column}' is not a column of ${relation}`);
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
    if (!statuses.includes(value)) at(FILE, { kind: 'extension', name: field })(`'${value}' is not a value of enum 'status' (${statuses.join(', ')})`);
  }
  try {
    new RegExp(spec.identifierPattern);
  } catch (e) {
    at(FILE, { kind: 'spec', name: 'identifierPattern' })(`not a valid regular expression: ${(e as Error).message}`);
  }
  return out;
}
