import type { ConfigKey, Target } from '../../../spec/types.ts';
import { jinjaLiteral } from '../jinja.ts';

/** The config view model: one entry per config key, for the config validator, the plan and the docs. */
export interface ConfigKeyModel {
  readonly name: string;
  readonly kind: ConfigKey['type']['kind'];
  readonly jinjaDefault: string;
  readonly nullable: boolean;
  readonly nullMeaning: string | undefined;
  /** Enum keys: the values allowed, input spellings mapped to them, and values refused with their advice. */
  readonly allowed: readonly string[];
  readonly aliases: Readonly<Record<string, string>> | undefined;
  readonly rejected: Readonly<Record<string, string>> | undefined;
  /** Enum keys: input is upper-cased before it is checked (the enum's caseInsensitiveInput). */
  readonly foldCase: boolean;
  /** Integer and number keys: the inclusive bounds, as Jinja literals (`none` when open). */
  readonly range: { readonly min: string; readonly max: string } | undefined;
  /** What the error message lists as allowed. */
  readonly allowedText: string;
  /** Catalog column compared on every run (alter keys), else undefined. */
  readonly catalogColumn: string | undefined;
  readonly alterArgument: string | undefined;
  /** Target values that need a replace instead of an alter. */
  readonly replaceWhenChangedTo: readonly string[];
  readonly replaceReason: string | undefined;
  /** alter cannot set NULL (NULL means "unchanged"), so changing to null needs a replace. */
  readonly nullNeedsReplace: boolean;
  /** null means "not managed": compare only when a value is set. */
  readonly nullIsUnset: boolean;
  readonly hasReplaceValues: boolean;
  readonly changeText: string;
  readonly description: string;
  readonly defaultText: string;
  readonly typeText: string;
  readonly createArgument: string | undefined;
}

const quoted = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

/** What the error message lists as allowed, per kind of key. */
function allowedText(spec: Target, key: ConfigKey, allowed: readonly string[], aliases: Readonly<Record<string, string>>, foldCase: boolean): string {
  switch (key.type.kind) {
    case 'schedule': {
      const units = spec.schedule.durationUnits.map((u) => u.unit).join(', ');
      const cron = `a cron expression with ${spec.schedule.cronFieldCounts.join(' or ')} fields, or one of ${quoted(spec.schedule.cronAliases)}`;
      return `a duration such as '5m', '1h30m' or '90' (units ${units}), ${cron}${key.nullable ? ', or none for a CALCULATED schedule' : ''}`;
    }
    case 'boolean':
      return 'true or false (a boolean, not a string)';
    case 'integer':
    case 'number': {
      const what = key.type.kind === 'integer' ? 'a whole number' : 'a number';
      const { min, max } = key.type;
      const range =
        min !== undefined && max !== undefined
          ? ` from ${min} to ${max}`
          : min !== undefined
            ? ` of at least ${min}`
            : max !== undefined
              ? ` of at most ${max}`
              : '';
      return `${what}${range} (not a string)${key.nullable ? ', or none' : ''}`;
    }
    case 'enum': {
      const aliasText = Object.entries(aliases).map(([from, to]) => `'${from}' means '${to}'`);
      const notes = [...(foldCase ? ['case-insensitive'] : []), ...aliasText].join('; ');
      return `${quoted(allowed)}${notes ? ` (${notes})` : ''}${key.nullable ? ', or none' : ''}`;
    }
  }
}

/** How a change of the key reaches the stream table, for the docs. */
function changeText(key: ConfigKey, alterFunction: string, alterArgument: string | undefined, nullNeedsReplace: boolean): string {
  const change = key.change;
  switch (change.kind) {
    case 'create-only':
      return 'Used at creation only; a later change has no effect (use --full-refresh to recreate).';
    case 'alter': {
      const parts = [`Applied in place with ${alterFunction}(${alterArgument} => …).`];
      if (nullNeedsReplace) parts.push('Changing it to none recreates the table (alter cannot set NULL).');
      if (change.replaceWhenChangedTo?.length)
        parts.push(`Changing it to ${change.replaceWhenChangedTo.join(', ')} recreates the table: ${change.replaceReason}.`);
      return parts.join(' ');
    }
    case 'materialization':
      return 'Handled by the materialization.';
  }
}

export function buildConfigKey(spec: Target, key: ConfigKey): ConfigKeyModel {
  const enumType = key.type.kind === 'enum' ? spec.enums.find((e) => e.name === (key.type as { enum: string }).enum) : undefined;
  const allowed = key.type.kind === 'enum' ? [...(key.type.only ?? enumType?.values ?? [])] : [];
  const aliases = Object.fromEntries(Object.entries(enumType?.aliases ?? {}).filter(([, to]) => allowed.includes(to)));
  const foldCase = enumType?.caseInsensitiveInput ?? false;
  const alter = key.change.kind === 'alter' ? key.change : undefined;
  const alterArgName = alter ? key.feeds.find((f) => f.function === spec.lifecycle.alter)?.argument : undefined;
  const alterArg = spec.functions.find((f) => f.name === spec.lifecycle.alter)?.args.find((a) => a.name === alterArgName);
  // alter cannot set a value to NULL when NULL means "unchanged" for that argument.
  const nullNeedsReplace = key.nullable?.kind === 'value' && alterArg !== undefined && alterArg.default?.value === null;
  return {
    name: key.name,
    kind: key.type.kind,
    jinjaDefault: jinjaLiteral(key.default),
    nullable: key.nullable !== undefined,
    nullMeaning: key.nullable?.meaning,
    allowed,
    aliases: Object.keys(aliases).length > 0 ? aliases : undefined,
    foldCase,
    rejected: key.rejectedValues !== undefined && Object.keys(key.rejectedValues).length > 0 ? key.rejectedValues : undefined,
    range:
      key.type.kind === 'integer' || key.type.kind === 'number'
        ? { min: jinjaLiteral(key.type.min ?? null), max: jinjaLiteral(key.type.max ?? null) }
        : undefined,
    allowedText: allowedText(spec, key, allowed, aliases, foldCase),
    catalogColumn: alter?.catalogColumn,
    alterArgument: alterArgName,
    replaceWhenChangedTo: alter?.replaceWhenChangedTo ?? [],
    replaceReason: alter?.replaceReason,
    nullNeedsReplace,
    nullIsUnset: key.nullable?.kind === 'unset',
    hasReplaceValues: (alter?.replaceWhenChangedTo?.length ?? 0) > 0,
    changeText: changeText(key, spec.lifecycle.alter, alterArgName, nullNeedsReplace),
    description: key.description,
    defaultText: key.default === null ? 'none' : typeof key.default === 'string' ? `'${key.default}'` : String(key.default),
    typeText: `${key.type.kind === 'boolean' || key.type.kind === 'integer' || key.type.kind === 'number' ? key.type.kind : 'string'}${key.nullable ? ' or none' : ''}`,
    createArgument: key.feeds.find((f) => f.function === spec.lifecycle.create)?.argument,
  };
}

/** The config view model: every key, the keys compared with the catalog, and the schedule grammar the checks use. */
export interface ConfigView {
  readonly configKeys: readonly ConfigKeyModel[];
  /** Keys compared with a catalog column on every run (applied with alter). */
  readonly alterKeys: readonly ConfigKeyModel[];
  readonly rejectedConfigKeys: Target['rejectedConfigKeys'];
  readonly dbtConfigKeys: Target['dbtConfigKeys'];
  readonly durationPattern: string;
  readonly durationUnitsText: string;
  /** Seconds per duration unit, e.g. {s: 1, m: 60}. */
  readonly durationUnitSeconds: Readonly<Record<string, number>>;
  readonly cronAliases: readonly string[];
  /** A schedule starting with this is a cron alias (spec.schedule.cronPrefix). */
  readonly cronPrefix: string;
  readonly cronBehaviour: Target['schedule']['cronBehaviour'];
  /** The config key of schedule type, if any (the cron check needs it). */
  readonly scheduleKey: string | undefined;
  /** The boolean key without which a cron schedule is refused (spec keyRoles.cronOptIn), if any. */
  readonly cronOptInKey: string | undefined;
  readonly cronFieldCounts: readonly number[];
  readonly identifierPattern: string;
  readonly maxIdentifierLength: number;
}

export function buildConfigView(spec: Target): ConfigView {
  const configKeys = spec.configKeys.map((k) => buildConfigKey(spec, k));
  const units = spec.schedule.durationUnits.map((u) => u.unit).join('');
  return {
    configKeys,
    alterKeys: configKeys.filter((k) => k.catalogColumn !== undefined),
    rejectedConfigKeys: spec.rejectedConfigKeys,
    dbtConfigKeys: spec.dbtConfigKeys,
    durationPattern: `^([0-9]+|([0-9]+[${units}])+)$`,
    durationUnitSeconds: Object.fromEntries(spec.schedule.durationUnits.map((u) => [u.unit, u.seconds])),
    durationUnitsText: spec.schedule.durationUnits.map((u) => `${u.unit} (${u.word})`).join(', '),
    cronAliases: spec.schedule.cronAliases,
    cronPrefix: spec.schedule.cronPrefix,
    cronFieldCounts: spec.schedule.cronFieldCounts,
    cronBehaviour: spec.schedule.cronBehaviour,
    scheduleKey: spec.keyRoles.schedule,
    cronOptInKey: spec.keyRoles.cronOptIn,
    identifierPattern: spec.identifierPattern,
    maxIdentifierLength: spec.maxIdentifierLength,
  };
}
