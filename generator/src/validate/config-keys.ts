import type { Target } from '../../../spec/types.ts';
import { specFile } from '../naming.ts';
import { collector, type Diagnostic } from './diagnostic.ts';

/** Config keys: each feeds real, wrapped arguments; enum values, defaults and alter columns exist; the cron opt-in key. */
export function checkConfigKeys(spec: Target): Diagnostic[] {
  const FILE = specFile(spec, 'config-keys.ts');
  const { out, at } = collector();
  const fnByName = new Map(spec.functions.map((f) => [f.name, f]));
  const keyNames = new Set<string>();
  for (const key of spec.configKeys) {
    const error = at(FILE, { kind: 'config key', name: key.name });
    if (keyNames.has(key.name)) error(`config key '${key.name}' is declared twice`);
    keyNames.add(key.name);
    if (key.feeds.length === 0 && key.change.kind !== 'materialization') {
      error("a config key must feed at least one function argument (only change kind 'materialization' is the package's own)");
    }
    for (const feed of key.feeds) {
      const fn = fnByName.get(feed.function);
      if (fn === undefined) {
        error(`feeds function '${feed.function}', which the spec does not declare (known: ${[...fnByName.keys()].join(', ')})`);
        continue;
      }
      if (!fn.args.some((a) => a.name === feed.argument)) {
        error(`feeds argument '${feed.argument}' of '${feed.function}', which has no such argument (it has: ${fn.args.map((a) => a.name).join(', ')})`);
      }
      if (!fn.wrapped) error(`feeds '${feed.function}', which the package does not wrap`);
    }
    if (key.type.kind === 'enum') {
      const enumName = key.type.enum;
      const e = spec.enums.find((x) => x.name === enumName);
      if (e === undefined) error(`uses unknown enum '${enumName}'`);
      else {
        for (const v of key.type.only ?? []) if (!e.values.includes(v)) error(`allows '${v}', which is not a value of enum '${e.name}'`);
        for (const v of Object.keys(key.rejectedValues ?? {})) {
          if ((key.type.only ?? e.values).includes(v)) error(`rejects '${v}', which it also allows`);
        }
        if (typeof key.default === 'string' && !e.values.includes(key.default)) {
          error(`default '${key.default}' is not a value of enum '${e.name}' (${e.values.join(', ')})`);
        }
      }
    }
    if (key.type.kind === 'boolean' && typeof key.default !== 'boolean') error('a boolean key needs a boolean default');
    if (key.type.kind === 'integer' || key.type.kind === 'number') {
      const { kind, min, max } = key.type;
      if (min !== undefined && max !== undefined && min > max) error(`range min ${min} is above max ${max}`);
      if (kind === 'integer' && [min, max].some((b) => b !== undefined && !Number.isInteger(b))) error('an integer range needs whole-number bounds');
      const d = key.default;
      if (d !== null && typeof d !== 'number') error(`a ${kind} key needs a number default (or null), got ${JSON.stringify(d)}`);
      else if (typeof d === 'number') {
        if (kind === 'integer' && !Number.isInteger(d)) error(`default ${d} is not a whole number`);
        if ((min !== undefined && d < min) || (max !== undefined && d > max)) error(`default ${d} is outside the range ${min ?? '…'} to ${max ?? '…'}`);
      }
    }
    if (key.default === null && key.nullable === undefined) error('default is null but the key is not nullable');
    if (key.type.kind === 'text' && key.default !== null && (typeof key.default !== 'string' || key.default.trim() === '')) {
      error('a text key needs a non-empty string default (or null)');
    }
    const change = key.change;
    if (key.nullable?.alterSends !== undefined && (key.nullable.kind !== 'value' || change.kind !== 'alter')) {
      error("alterSends is for a key whose none is a value (nullable kind 'value') applied in place (change kind 'alter')");
    }
    if (change.kind === 'alter' && !key.feeds.some((f) => f.function === spec.lifecycle.alter)) {
      error(`is applied in place, but feeds no argument of the alter function '${spec.lifecycle.alter}'`);
    }
    if (change.kind === 'alter' || change.kind === 'replace') {
      const relation = spec.catalogRoles.streamTables.relation;
      const catalog = spec.catalog.find((r) => r.name === relation);
      if (!catalog?.columns.some((c) => c.name === change.catalogColumn)) {
        error(`is compared with catalog column '${change.catalogColumn}', which ${relation} does not have`);
      }
    }
    // The create-time argument must accept the key's null.
    const createFeed = key.feeds.find((f) => f.function === spec.lifecycle.create);
    const sentForNull = key.type.kind === 'schedule' ? spec.schedule.calculatedKeyword : undefined;
    if (key.nullable !== undefined && createFeed !== undefined && sentForNull === undefined) {
      const arg = fnByName.get(spec.lifecycle.create)?.args.find((a) => a.name === createFeed.argument);
      if (arg !== undefined && arg.onNull.kind === 'error') error(`may be null, but ${spec.lifecycle.create}(${arg.name}) raises on NULL`);
    }
  }
  for (const rk of spec.rejectedConfigKeys) {
    if (keyNames.has(rk.name)) at(FILE, { kind: 'rejected key', name: rk.name })('a key cannot be both supported and rejected');
  }
  return out;
}
