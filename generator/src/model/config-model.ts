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
  /**
   * Enum keys whose input is case-insensitive (the enum's caseInsensitiveInput): the case input is folded to before
   * it is checked, the case of the stored values ('upper' when they are upper case, else 'lower'); else undefined.
   */
  readonly foldCase: 'upper' | 'lower' | undefined;
  /** Integer and number keys: the inclusive bounds, as Jinja literals (`none` when open). */
  readonly range: { readonly min: string; readonly max: string; readonly minExclusive: boolean } | undefined;
  /** What the error message lists as allowed. */
  readonly allowedText: string;
  /** Catalog column compared on every run (alter and replace keys), else undefined. */
  readonly catalogColumn: string | undefined;
  /** The alter argument that applies a change in place (alter keys), else undefined. */
  readonly alterArgument: string | undefined;
  /** Target values that need a replace instead of an alter. */
  readonly replaceWhenChangedTo: readonly string[];
  readonly replaceReason: string | undefined;
  /** Every change recreates the stream table (replace keys). */
  readonly replaceAlways: boolean;
  /** Config values with the stored values that satisfy them (no change), when the catalog never stores the value. */
  readonly satisfiedBy: Readonly<Record<string, readonly string[]>> | undefined;
  /** What alter is given for none, to store NULL (its NULL means unchanged), as a Jinja literal; else undefined. */
  readonly alterNone: string | undefined;
  /** What create is given for none, where it refuses NULL, as a Jinja literal; else undefined (NULL is passed). */
  readonly createNone: string | undefined;
  /** Schedule keys: this text (any case, trimmed) means none (spec schedule.calculatedKeyword). */
  readonly calculatedKeyword: string | undefined;
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
function allowedText(
  spec: Target,
  key: ConfigKey,
  allowed: readonly string[],
  aliases: Readonly<Record<string, string>>,
  foldCase: 'upper' | 'lower' | undefined,
): string {
  switch (key.type.kind) {
    case 'schedule': {
      const units = spec.schedule.durationUnits.map((u) => u.unit).join(', ');
      const cron = `a cron expression with ${spec.schedule.cronFieldCounts.join(' or ')} fields, or one of ${quoted(spec.schedule.cronAliases)}`;
      const calculated = spec.schedule.calculatedKeyword ? `'${spec.schedule.calculatedKeyword}' or none` : 'none';
      return `a duration such as '5m', '1h30m' or '90' (units ${units}), ${cron}${key.nullable ? `, or ${calculated} for a CALCULATED schedule` : ''}`;
    }
    case 'text':
      return `a non-empty string${key.nullable ? ', or none' : ''}`;
    case 'boolean':
      return 'true or false (a boolean, not a string)';
    case 'integer':
    case 'number': {
      const what = key.type.kind === 'integer' ? 'a whole number' : 'a number';
      const { min, max, minExclusive } = key.type;
      const range =
        min !== undefined && max !== undefined
          ? minExclusive
            ? ` greater than ${min} and at most ${max}`
            : ` from ${min} to ${max}`
          : min !== undefined
            ? minExclusive
              ? ` greater than ${min}`
              : ` of at least ${min}`
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
    case 'replace':
      return `Compared on every run; a change recreates the table: ${change.reason}.`;
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
  const foldCase = enumType?.caseInsensitiveInput ? (enumType.values.every((v) => v === v.toUpperCase()) ? 'upper' : 'lower') : undefined;
  const alter = key.change.kind === 'alter' ? key.change : undefined;
  const compared = key.change.kind === 'alter' || key.change.kind === 'replace' ? key.change : undefined;
  const alterArgName = alter ? key.feeds.find((f) => f.function === spec.lifecycle.alter)?.argument : undefined;
  const alterArg = spec.functions.find((f) => f.name === spec.lifecycle.alter)?.args.find((a) => a.name === alterArgName);
  const calculatedKeyword = key.type.kind === 'schedule' ? spec.schedule.calculatedKeyword : undefined;
  // what stands for none where the extension reads NULL as "unchanged" (alter) or refuses it (create)
  const noneSent = key.nullable?.kind === 'value' ? (key.nullable.alterSends ?? calculatedKeyword) : undefined;
  const createArgName = key.feeds.find((f) => f.function === spec.lifecycle.create)?.argument;
  const createArg = spec.functions.find((f) => f.name === spec.lifecycle.create)?.args.find((a) => a.name === createArgName);
  // alter cannot set a value to NULL when NULL means "unchanged" for that argument, unless something else stores NULL.
  const nullNeedsReplace = key.nullable?.kind === 'value' && alterArg !== undefined && alterArg.default?.value === null && noneSent === undefined;
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
        ? { min: jinjaLiteral(key.type.min ?? null), max: jinjaLiteral(key.type.max ?? null), minExclusive: key.type.minExclusive === true }
        : undefined,
    allowedText: allowedText(spec, key, allowed, aliases, foldCase),
    catalogColumn: compared?.catalogColumn,
    alterArgument: alterArgName,
    replaceWhenChangedTo: alter?.replaceWhenChangedTo ?? [],
    replaceReason: alter?.replaceReason ?? (key.change.kind === 'replace' ? key.change.reason : undefined),
    replaceAlways: key.change.kind === 'replace',
    satisfiedBy: alter?.satisfiedBy,
    alterNone: alterArgName !== undefined && noneSent !== undefined ? jinjaLiteral(noneSent) : undefined,
    createNone: createArg?.onNull.kind === 'error' && noneSent !== undefined ? jinjaLiteral(noneSent) : undefined,
    calculatedKeyword,
    nullNeedsReplace,
    nullIsUnset: key.nullable?.kind === 'unset',
    hasReplaceValues: (alter?.replaceWhenChangedTo?.length ?? 0) > 0,
    changeText: changeText(key, spec.lifecycle.alter, alterArgName, nullNeedsReplace),
    description: key.description,
    defaultText: key.default === null ? 'none' : typeof key.default === 'string' ? `'${key.default}'` : String(key.default),
    typeText: `${key.type.kind === 'boolean' || key.type.kind === 'integer' || key.type.kind === 'number' ? key.type.kind : 'string'}${key.nullable ? ' or none' : ''}`,
    createArgument: createArgName,
  };
}

/** The config view model: every key, the keys compared with the catalog, and the schedule grammar the checks use. */
export interface ConfigView {
  readonly configKeys: readonly ConfigKeyModel[];
  /** Keys compared with a catalog column on every run (applied with alter, or by a replace). */
  readonly comparedKeys: readonly ConfigKeyModel[];
  /** Keys a change of which alter applies in place. */
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
  /** What the scheduler does with a CALCULATED stream table (spec schedule.calculatedBehaviour). */
  readonly calculatedBehaviour: string;
  /** The config key of schedule type, if any (the cron check needs it). */
  readonly scheduleKey: string | undefined;
  /** The boolean key without which a cron schedule is refused (spec keyRoles.cronOptIn), if any. */
  readonly cronOptInKey: string | undefined;
  /** The boolean key that lets the query guards accept a non-aggregating query over a keyless table (spec keyRoles.keylessSourceOptIn), if any. */
  readonly keylessOptInKey: string | undefined;
  readonly cronFieldCounts: readonly number[];
  readonly identifierPattern: string;
  readonly maxIdentifierLength: number;
}

export function buildConfigView(spec: Target): ConfigView {
  const configKeys = spec.configKeys.map((k) => buildConfigKey(spec, k));
  const units = spec.schedule.durationUnits.map((u) => u.unit).join('');
  return {
    configKeys,
    comparedKeys: configKeys.filter((k) => k.catalogColumn !== undefined),
    alterKeys: configKeys.filter((k) => k.alterArgument !== undefined),
    rejectedConfigKeys: spec.rejectedConfigKeys,
    dbtConfigKeys: spec.dbtConfigKeys,
    durationPattern: `^([0-9]+|([0-9]+[${units}])+)$`,
    durationUnitSeconds: Object.fromEntries(spec.schedule.durationUnits.map((u) => [u.unit, u.seconds])),
    durationUnitsText: spec.schedule.durationUnits.map((u) => `${u.unit} (${u.word})`).join(', '),
    cronAliases: spec.schedule.cronAliases,
    cronPrefix: spec.schedule.cronPrefix,
    cronFieldCounts: spec.schedule.cronFieldCounts,
    cronBehaviour: spec.schedule.cronBehaviour,
    calculatedBehaviour: spec.schedule.calculatedBehaviour.observed,
    scheduleKey: spec.keyRoles.schedule,
    cronOptInKey: spec.keyRoles.cronOptIn,
    keylessOptInKey: spec.keyRoles.keylessSourceOptIn,
    identifierPattern: spec.identifierPattern,
    maxIdentifierLength: spec.maxIdentifierLength,
  };
}
