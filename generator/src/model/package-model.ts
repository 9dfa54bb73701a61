import type { Argument, ConfigKey, MacroArgType, PackageMacro, Spec, SqlFunction } from '../../../spec/types.ts';
import { executorMacroName, functionSourcePath, sqlMacroName } from '../naming.ts';
import type { DbtVersions } from '../types.ts';

/** A Jinja literal for a spec value: `'1m'`, `true`, `none`, `20`. */
export function jinjaLiteral(value: string | boolean | number | null): string {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export interface MacroArgModel {
  readonly name: string;
  readonly docType: MacroArgType;
  /** Jinja default literal, or undefined when the argument is required. */
  readonly jinjaDefault: string | undefined;
  readonly description: string;
}

export interface MacroModel {
  readonly name: string;
  readonly folder: string;
  readonly description: string;
  readonly args: readonly MacroArgModel[];
  /** `name, query, schedule='1m'`: the Jinja parameter list. */
  readonly signature: string;
  /** `name=name, query=query`: forwards every argument by name. */
  readonly forward: string;
  readonly usage: string | undefined;
  readonly sources: readonly string[];
  /** A generic data test: rendered as `{% test name %}`, documented and dispatched as test_<name>. */
  readonly isTest: boolean;
  /** The macro name dbt knows it by (test_<name> for a generic test). */
  readonly docName: string;
}

export interface WrapperArgModel extends MacroArgModel {
  readonly sqlType: string;
  /** What a none value becomes in the SQL call. */
  readonly whenNone: 'omit' | 'null' | 'error';
  readonly whenNoneIsError: boolean;
  readonly whenNoneIsNull: boolean;
}

export interface WrapperModel {
  readonly functionName: string;
  readonly qualifiedFunction: string;
  readonly sql: MacroModel;
  readonly executor: MacroModel;
  readonly args: readonly WrapperArgModel[];
  /** The argument the executor's log line shows: the stream table's name where the function takes one. */
  readonly logArgument: string | undefined;
  readonly infoMessage: string | undefined;
  readonly absentFromTaggedRelease: boolean;
  readonly ref: string;
}

export interface ConfigKeyModel {
  readonly name: string;
  readonly kind: 'schedule' | 'enum' | 'boolean';
  readonly jinjaDefault: string;
  readonly nullable: boolean;
  readonly nullMeaning: string | undefined;
  /** Values accepted after upper-casing (enum keys). */
  readonly allowed: readonly string[];
  /** Upper-case input spelling → stored value. */
  readonly aliases: readonly { readonly from: string; readonly to: string }[];
  readonly rejected: readonly { readonly value: string; readonly message: string }[];
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

export interface PackageModel {
  /** The dbt namespace every package macro is called through (`dbt_pgstream.x()`). */
  readonly ns: string;
  /** Keyword arguments of the create call in the materialization, every create argument covered. */
  readonly createCall: string;
  /** Keyword arguments of the alter call: each alter key's argument from the plan's changes. */
  readonly alterCall: string;
  /** Config key carrying the initialize flag, and the statuses create leaves behind. */
  readonly initializeKey: string;
  /** Config key for the desired status and its alter argument, when the spec has one. */
  readonly statusKey: string | undefined;
  readonly statusAlterArgument: string | undefined;
  /** pgs_stream_tables columns the one catalog read returns. */
  readonly describeColumns: readonly string[];
  readonly projectName: string;
  readonly packageName: string;
  readonly version: string;
  readonly materialization: string;
  readonly requireDbtVersion: readonly string[];
  readonly subdirectory: string;
  readonly extension: Spec['extension'];
  readonly wrappers: readonly WrapperModel[];
  /** The wrappers of the lifecycle roles (spec.lifecycle), for templates: `model.lifecycle.create.sql.name`. */
  readonly lifecycle: {
    readonly create: WrapperModel;
    readonly alter: WrapperModel;
    readonly drop: WrapperModel;
    readonly refresh: WrapperModel;
    readonly resume: WrapperModel;
    readonly catalog: string;
    readonly nameArgument: string;
  };
  readonly macros: readonly MacroModel[];
  /** The README's Day 2 examples, shown as written (a scenario runs them). */
  readonly day2Examples: Spec['day2Examples'];
  readonly macroFolders: readonly { readonly folder: string; readonly macros: readonly MacroModel[] }[];
  readonly configKeys: readonly ConfigKeyModel[];
  readonly alterKeys: readonly ConfigKeyModel[];
  readonly rejectedConfigKeys: Spec['rejectedConfigKeys'];
  readonly dbtConfigKeys: Spec['dbtConfigKeys'];
  readonly durationPattern: string;
  readonly durationUnitsText: string;
  /** Seconds per duration unit, e.g. {s: 1, m: 60}. */
  readonly durationUnitSeconds: Readonly<Record<string, number>>;
  readonly cronAliases: readonly string[];
  readonly cronBehaviour: Spec['schedule']['cronBehaviour'];
  /** The config key of schedule type, if any (the cron check needs it). */
  readonly scheduleKey: string | undefined;
  readonly cronFieldCounts: readonly number[];
  readonly minimumDurationSeconds: number;
  readonly identifierPattern: string;
  readonly maxIdentifierLength: number;
  readonly statusValues: readonly string[];
  /** Statuses in which the scheduler does not refresh a table because something went wrong (freshness errors). */
  readonly unhealthyStatuses: readonly string[];
  readonly dbtVersions: DbtVersions;
  readonly testedDbtVersions: readonly { readonly minor: string; readonly core: string; readonly postgres: string; readonly isDefault: boolean }[];
}

function signatureOf(args: readonly MacroArgModel[]): string {
  return args.map((a) => (a.jinjaDefault === undefined ? a.name : `${a.name}=${a.jinjaDefault}`)).join(', ');
}

function forwardOf(args: readonly MacroArgModel[]): string {
  return args.map((a) => `${a.name}=${a.name}`).join(', ');
}

function wrapperArg(arg: Argument): WrapperArgModel {
  const hasDefault = arg.default !== undefined;
  const defaultIsNull = hasDefault && arg.default?.value === null;
  // SQL default NULL: none means "leave out" (the SQL default applies). A non-null default: none means an explicit NULL
  // when NULL is meaningful, else it is an error. No default: required.
  const whenNone: WrapperArgModel['whenNone'] = defaultIsNull ? 'omit' : arg.onNull.kind === 'meaningful' ? 'null' : 'error';
  const base: MacroArgType = arg.type === 'boolean' ? 'bool' : arg.type === 'integer' || arg.type === 'bigint' ? 'integer' : 'string';
  const docType: MacroArgType = whenNone === 'error' ? base : (`optional[${base}]` as MacroArgType);
  const nullNote = arg.onNull.kind === 'meaningful' ? ` none: ${arg.onNull.meaning}.` : '';
  return {
    name: arg.name,
    sqlType: arg.type,
    docType,
    jinjaDefault: hasDefault ? jinjaLiteral(arg.default?.value ?? null) : undefined,
    whenNone,
    whenNoneIsError: whenNone === 'error',
    whenNoneIsNull: whenNone === 'null',
    description: `${arg.description}${nullNote}`.trim(),
  };
}

function buildWrapper(fn: SqlFunction, nameArgument: string): WrapperModel {
  const args = fn.args.map((a) => wrapperArg(a));
  const source = functionSourcePath(fn.name);
  const common = { args, signature: signatureOf(args), forward: forwardOf(args), sources: [source], isTest: false };
  return {
    functionName: fn.name,
    qualifiedFunction: `${fn.schema}.${fn.name}`,
    sql: {
      ...common,
      name: sqlMacroName(fn.name),
      docName: sqlMacroName(fn.name),
      folder: 'api',
      description: `Returns the SQL that calls ${fn.schema}.${fn.name} (named arguments, values quoted safely). ${fn.description}`,
      usage: undefined,
      sources: [source, 'generator/templates/package/macros/api/get_function_sql.sql.hbs'],
    },
    executor: {
      ...common,
      name: executorMacroName(fn.name),
      docName: executorMacroName(fn.name),
      folder: 'api',
      description: `Calls ${fn.schema}.${fn.name} in its own transaction and commits. ${fn.description}`,
      usage: undefined,
      sources: [source, 'generator/templates/package/macros/api/pgstream_function.sql.hbs'],
    },
    args,
    logArgument: (fn.args.find((a) => a.name === nameArgument) ?? fn.args[0])?.name,
    infoMessage: fn.infoMessage,
    absentFromTaggedRelease: fn.absentFromTaggedRelease === true,
    ref: fn.ref,
  };
}

function buildMacro(m: PackageMacro): MacroModel {
  const args: MacroArgModel[] = m.args.map((a) => ({ name: a.name, docType: a.type, jinjaDefault: a.default, description: a.description }));
  return {
    name: m.name,
    folder: m.folder,
    description: m.description,
    args,
    signature: signatureOf(args),
    forward: forwardOf(args),
    usage: m.usage,
    isTest: m.kind === 'test',
    docName: m.kind === 'test' ? `test_${m.name}` : m.name,
    sources: ['spec/macros.ts', `generator/templates/package/macros/${m.folder}/${m.name}.sql.hbs`],
  };
}

function buildConfigKey(spec: Spec, key: ConfigKey): ConfigKeyModel {
  const enumType = key.type.kind === 'enum' ? spec.enums.find((e) => e.name === (key.type as { enum: string }).enum) : undefined;
  const allowed = key.type.kind === 'enum' ? [...(key.type.only ?? enumType?.values ?? [])] : [];
  const aliases = Object.entries(enumType?.aliases ?? {})
    .filter(([, to]) => allowed.includes(to))
    .map(([from, to]) => ({ from, to }));
  const rejected = Object.entries(key.rejectedValues ?? {}).map(([value, message]) => ({ value, message }));
  const alter = key.change.kind === 'alter' ? key.change : undefined;
  const alterFn = alter ? spec.functions.find((f) => f.name === alter.argument.function) : undefined;
  const alterArg = alterFn?.args.find((a) => a.name === alter?.argument.name);
  // alter cannot set a value to NULL when NULL means "unchanged" for that argument.
  const nullNeedsReplace = key.nullable?.kind === 'value' && alterArg !== undefined && alterArg.default?.value === null;
  const quoteList = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
  const allowedText =
    key.type.kind === 'schedule'
      ? `a duration such as '5m', '1h30m' or '90' (units ${spec.schedule.durationUnits.map((u) => u.unit).join(', ')}), a cron expression with ${spec.schedule.cronFieldCounts.join(' or ')} fields, or one of ${quoteList(spec.schedule.cronAliases)}${key.nullable ? ', or none for a CALCULATED schedule' : ''}`
      : key.type.kind === 'boolean'
        ? 'true or false (a boolean, not a string)'
        : `${quoteList(allowed)} (case-insensitive${aliases.length ? `; ${aliases.map((a) => `'${a.from}' means '${a.to}'`).join(', ')}` : ''})${key.nullable ? ', or none' : ''}`;
  const changeText =
    key.change.kind === 'create-only'
      ? 'Used at creation only; a later change has no effect (use --full-refresh to recreate).'
      : key.change.kind === 'alter'
        ? `Applied in place with ${alter?.argument.function}(${alter?.argument.name} => …).${nullNeedsReplace ? ' Changing it to none recreates the table (alter cannot set NULL).' : ''}${alter?.replaceWhenChangedTo?.length ? ` Changing it to ${alter.replaceWhenChangedTo.join(', ')} recreates the table: ${alter.replaceReason}.` : ''}`
        : 'Handled by the materialization.';
  const createFeed = key.feeds.find((f) => f.function === spec.lifecycle.create);
  return {
    name: key.name,
    kind: key.type.kind,
    jinjaDefault: jinjaLiteral(key.default),
    nullable: key.nullable !== undefined,
    nullMeaning: key.nullable?.meaning,
    allowed,
    aliases,
    rejected,
    allowedText,
    catalogColumn: alter?.catalogColumn,
    alterArgument: alter?.argument.name,
    replaceWhenChangedTo: alter?.replaceWhenChangedTo ?? [],
    replaceReason: alter?.replaceReason,
    nullNeedsReplace,
    nullIsUnset: key.nullable?.kind === 'unset',
    hasReplaceValues: (alter?.replaceWhenChangedTo?.length ?? 0) > 0,
    changeText,
    description: key.description,
    defaultText: key.default === null ? 'none' : typeof key.default === 'string' ? `'${key.default}'` : String(key.default),
    typeText:
      key.type.kind === 'schedule'
        ? `string${key.nullable ? ' or none' : ''}`
        : key.type.kind === 'boolean'
          ? 'boolean'
          : `string${key.nullable ? ' or none' : ''}`,
    createArgument: createFeed?.argument,
  };
}

export function buildPackageModel(spec: Spec, dbtVersions: DbtVersions): PackageModel {
  const wrappers = spec.functions.filter((f) => f.wrapped).map((fn) => buildWrapper(fn, spec.lifecycle.nameArgument));
  const handMacros = spec.macros.map(buildMacro);
  const macros = [...wrappers.flatMap((w) => [w.sql, w.executor]), ...handMacros];
  const folderOrder = ['api', 'catalog', 'operations', 'tests', 'utils'];
  const macroFolders = folderOrder.map((folder) => ({ folder, macros: macros.filter((m) => m.folder === folder) })).filter((f) => f.macros.length > 0);
  const configKeys = spec.configKeys.map((k) => buildConfigKey(spec, k));
  const units = spec.schedule.durationUnits.map((u) => u.unit).join('');
  const { lifecycle: roles } = spec;
  const wrapperOf = (fn: string): WrapperModel => {
    const w = wrappers.find((x) => x.functionName === fn);
    if (w === undefined) throw new Error(`unreachable: validate/lifecycle.ts checks that '${fn}' is wrapped`);
    return w;
  };
  const lifecycle = {
    create: wrapperOf(roles.create),
    alter: wrapperOf(roles.alter),
    drop: wrapperOf(roles.drop),
    refresh: wrapperOf(roles.refresh),
    resume: wrapperOf(roles.resume),
    catalog: roles.catalog,
    nameArgument: roles.nameArgument,
  };
  // Every create argument is the name, the query or a config key's value (validate/lifecycle.ts).
  const fixed: Record<string, string> = { [roles.nameArgument]: 'st_name', [roles.queryArgument]: 'query' };
  const createCall = lifecycle.create.args
    .map((a) => `${a.name}=${fixed[a.name] ?? `cfg['${configKeys.find((k) => k.createArgument === a.name)?.name}']`}`)
    .join(', ');
  const alterKeys = configKeys.filter((k) => k.catalogColumn !== undefined);
  const alterCall = [`${roles.nameArgument}=st_name`, ...alterKeys.map((k) => `${k.alterArgument}=changes.get('${k.name}')`)].join(', ');
  const initializeKey = configKeys.find((k) => k.createArgument === 'initialize')?.name ?? 'initialize';
  const statusKey = alterKeys.find((k) => k.alterArgument === 'status')?.name;
  const describeColumns = [...new Set(['pgs_id', 'status', 'is_populated', ...alterKeys.map((k) => k.catalogColumn ?? '')])].filter((c) => c !== '');
  return {
    ns: spec.package.projectName,
    createCall,
    alterCall,
    initializeKey,
    statusKey,
    statusAlterArgument: alterKeys.find((k) => k.name === statusKey)?.alterArgument,
    describeColumns,
    projectName: spec.package.projectName,
    packageName: spec.package.name,
    version: spec.package.version,
    materialization: spec.package.materialization,
    requireDbtVersion: spec.package.requireDbtVersion,
    subdirectory: spec.package.repositorySubdirectory,
    extension: spec.extension,
    wrappers,
    lifecycle,
    macros,
    macroFolders,
    day2Examples: spec.day2Examples,
    configKeys,
    alterKeys,
    rejectedConfigKeys: spec.rejectedConfigKeys,
    dbtConfigKeys: spec.dbtConfigKeys,
    durationPattern: `^([0-9]+|([0-9]+[${units}])+)$`,
    durationUnitSeconds: Object.fromEntries(spec.schedule.durationUnits.map((u) => [u.unit, u.seconds])),
    durationUnitsText: spec.schedule.durationUnits.map((u) => `${u.unit} (${u.word})`).join(', '),
    cronAliases: spec.schedule.cronAliases,
    cronFieldCounts: spec.schedule.cronFieldCounts,
    cronBehaviour: spec.schedule.cronBehaviour,
    scheduleKey: spec.configKeys.find((k) => k.type.kind === 'schedule')?.name,
    minimumDurationSeconds: spec.schedule.minimumDurationSecondsDefault,
    identifierPattern: spec.identifierPattern,
    maxIdentifierLength: spec.maxIdentifierLength,
    statusValues: spec.enums.find((e) => e.name === 'status')?.values ?? [],
    unhealthyStatuses: [spec.extension.statusAfterMaxErrors, spec.extension.statusAfterSourceDropped],
    dbtVersions,
    testedDbtVersions: dbtVersions.ci.map((minor) => {
      const pin = dbtVersions.pins.find((p) => p.minor === minor);
      return {
        minor,
        core: pin?.packages['dbt-core'] ?? '?',
        postgres: pin?.packages['dbt-postgres'] ?? '?',
        isDefault: minor === dbtVersions.default,
      };
    }),
  };
}
