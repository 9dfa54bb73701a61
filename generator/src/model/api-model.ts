import type { Argument, MacroArgType, PackageMacro, SqlFunction, Target } from '../../../spec/types.ts';
import { jinjaLiteral } from '../jinja.ts';
import { executorMacroName, functionSourcePath, macroTemplatePath, specFile, sqlMacroName } from '../naming.ts';

/** The API view model: a wrapper pair per wrapped function, the hand-written macros, and the lifecycle's wrappers. */
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
  /** Argument name -> true, for templates whose body depends on an argument a target adds (`macro.hasArg.schema`). */
  readonly hasArg: Readonly<Record<string, true>>;
  /** Its relation argument also takes a name ('schema.name' or 'name' in the target schema). */
  readonly relationOrName: boolean;
  readonly usage: string | undefined;
  readonly sources: readonly string[];
  /** The template (relative to generator/templates) a hand-written macro renders from; undefined for wrappers. */
  readonly template?: string;
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
  /** What a call gives back: nothing (void), one value (a scalar), or rows (a set, run with run_query). */
  readonly returnsValue: boolean;
  readonly returnsRows: boolean;
}

export interface ApiView {
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
  readonly macroFolders: readonly { readonly folder: string; readonly macros: readonly MacroModel[] }[];
  /** The README's Operations table: macros with a usage line that are not tests. */
  readonly operations: readonly MacroModel[];
  /** The README's Tests table: the generic tests. */
  readonly tests: readonly MacroModel[];
}

function signatureOf(args: readonly MacroArgModel[]): string {
  return args.map((a) => (a.jinjaDefault === undefined ? a.name : `${a.name}=${a.jinjaDefault}`)).join(', ');
}

function forwardOf(args: readonly MacroArgModel[]): string {
  return args.map((a) => `${a.name}=${a.name}`).join(', ');
}

function hasArgOf(args: readonly MacroArgModel[]): Readonly<Record<string, true>> {
  return Object.fromEntries(args.map((a) => [a.name, true] as const));
}

function wrapperArg(arg: Argument): WrapperArgModel {
  const hasDefault = arg.default !== undefined;
  const defaultIsNull = hasDefault && arg.default?.value === null;
  // SQL default NULL: none means "leave out" (the SQL default applies). A non-null default: none means an explicit NULL
  // when NULL is meaningful, else it is an error. No default: required.
  const whenNone: WrapperArgModel['whenNone'] = defaultIsNull ? 'omit' : arg.onNull.kind === 'meaningful' ? 'null' : 'error';
  const base: MacroArgType =
    arg.type === 'boolean' ? 'bool' : arg.type === 'integer' || arg.type === 'bigint' ? 'integer' : arg.type === 'double precision' ? 'float' : 'string';
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

function buildWrapper(spec: Target, fn: SqlFunction): WrapperModel {
  const args = fn.args.map((a) => wrapperArg(a));
  const source = functionSourcePath(spec, fn.name);
  const qualified = `${spec.extension.apiSchema}.${fn.name}`;
  const common = {
    args,
    signature: signatureOf(args),
    forward: forwardOf(args),
    hasArg: hasArgOf(args),
    relationOrName: false,
    sources: [source],
    isTest: false,
  };
  return {
    functionName: fn.name,
    qualifiedFunction: qualified,
    sql: {
      ...common,
      name: sqlMacroName(fn.name),
      docName: sqlMacroName(fn.name),
      folder: 'api',
      description: `Returns the SQL that calls ${qualified} (named arguments, values quoted safely)${fn.returns.kind === 'table' ? ', a query to run with run_query' : ''}. ${fn.description}`,
      usage: undefined,
      sources: [source, 'generator/templates/package/macros/api/get_function_sql.sql.hbs'],
    },
    executor: {
      ...common,
      name: executorMacroName(spec, fn.name),
      docName: executorMacroName(spec, fn.name),
      folder: 'api',
      description: `Calls ${qualified} in its own transaction and commits${fn.returns.kind === 'table' ? '; logs and returns its rows (an agate table)' : fn.returns.kind === 'scalar' && fn.returns.type !== 'void' ? '; logs and returns its value' : ''}. ${fn.description}`,
      usage: undefined,
      sources: [source, 'generator/templates/package/macros/api/function.sql.hbs'],
    },
    args,
    logArgument: (fn.args.find((a) => a.name === spec.lifecycle.nameArgument) ?? fn.args[0])?.name,
    infoMessage: fn.infoMessage,
    absentFromTaggedRelease: fn.absentFromTaggedRelease === true,
    ref: fn.ref,
    returnsValue: fn.returns.kind === 'scalar' && fn.returns.type !== 'void',
    returnsRows: fn.returns.kind === 'table',
  };
}

function buildMacro(spec: Target, m: PackageMacro): MacroModel {
  const args: MacroArgModel[] = m.args.map((a) => ({ name: a.name, docType: a.type, jinjaDefault: a.default, description: a.description }));
  return {
    name: m.name,
    folder: m.folder,
    description: m.description,
    args,
    signature: signatureOf(args),
    forward: forwardOf(args),
    hasArg: hasArgOf(args),
    relationOrName: m.args.some((a) => a.orName === true),
    usage: m.usage,
    isTest: m.kind === 'test',
    docName: m.kind === 'test' ? `test_${m.name}` : m.name,
    sources: [specFile(spec, 'macros.ts'), `generator/templates/${macroTemplatePath(spec, m)}`],
    template: macroTemplatePath(spec, m),
  };
}

const FOLDER_ORDER = ['api', 'catalog', 'operations', 'tests', 'utils'];

export function buildApiView(spec: Target): ApiView {
  const wrappers = spec.functions.filter((f) => f.wrapped).map((fn) => buildWrapper(spec, fn));
  const macros = [...wrappers.flatMap((w) => [w.sql, w.executor]), ...spec.macros.map((m) => buildMacro(spec, m))];
  const roles = spec.lifecycle;
  const wrapperOf = (fn: string): WrapperModel => {
    const w = wrappers.find((x) => x.functionName === fn);
    if (w === undefined) throw new Error(`unreachable: validate/lifecycle.ts checks that '${fn}' is wrapped`);
    return w;
  };
  return {
    wrappers,
    lifecycle: {
      create: wrapperOf(roles.create),
      alter: wrapperOf(roles.alter),
      drop: wrapperOf(roles.drop),
      refresh: wrapperOf(roles.refresh),
      resume: wrapperOf(roles.resume),
      catalog: spec.catalogRoles.streamTables.relation,
      nameArgument: roles.nameArgument,
    },
    macros,
    macroFolders: FOLDER_ORDER.map((folder) => ({ folder, macros: macros.filter((m) => m.folder === folder) })).filter((f) => f.macros.length > 0),
    operations: macros.filter((m) => m.usage !== undefined && !m.isTest),
    tests: macros.filter((m) => m.isTest),
  };
}
