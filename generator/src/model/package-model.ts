import type { Argument, ConfigKey, MacroArgType, PackageMacro, Spec, SqlFunction } from '../../../spec/types.ts';
import { executorMacroName, functionSourcePath, sqlMacroName } from '../naming.ts';
import { jinjaLiteral } from '../jinja.ts';
import { buildConfigKey, type ConfigKeyModel } from './config-model.ts';
import type { DbtVersions } from '../types.ts';

/** A Jinja literal for a spec value: `'1m'`, `true`, `none`, `20`. */

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
  /** A schedule starting with this is a cron alias (spec.schedule.cronPrefix). */
  readonly cronPrefix: string;
  readonly cronBehaviour: Spec['schedule']['cronBehaviour'];
  /** The config key of schedule type, if any (the cron check needs it). */
  readonly scheduleKey: string | undefined;
  readonly cronFieldCounts: readonly number[];
  readonly identifierPattern: string;
  readonly maxIdentifierLength: number;
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
    cronPrefix: spec.schedule.cronPrefix,
    cronFieldCounts: spec.schedule.cronFieldCounts,
    cronBehaviour: spec.schedule.cronBehaviour,
    scheduleKey: spec.configKeys.find((k) => k.type.kind === 'schedule')?.name,
    identifierPattern: spec.identifierPattern,
    maxIdentifierLength: spec.maxIdentifierLength,
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
