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
    for (const role of ['queryArgument', 'initializeArgument'] as const) {
      if (!create.args.some((a) => a.name === lifecycle[role]))
        at(FILE, { kind: 'lifecycle', name: role })(`'${create.name}' has no argument '${lifecycle[role]}'`);
    }
    for (const a of create.args) {
      const fed =
        a.name === lifecycle.nameArgument ||
        a.name === lifecycle.queryArgument ||
        spec.configKeys.some((k) => k.feeds.some((f) => f.function === create.name && f.argument === a.name));
      if (!fed) at(FILE, { kind: 'lifecycle', name: 'create' })(`${create.name}(${a.name}) is fed by no config key and is neither the name nor the query`);
    }
  }
  const alter = spec.functions.find((f) => f.name === lifecycle.alter);
  if (alter !== undefined && !alter.args.some((a) => a.name === lifecycle.statusArgument)) {
    at(FILE, { kind: 'lifecycle', name: 'statusArgument' })(`'${alter.name}' has no argument '${lifecycle.statusArgument}'`);
  }
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
