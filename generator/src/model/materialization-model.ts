import type { Target } from '../../../spec/types.ts';
import type { ApiView } from './api-model.ts';
import type { ConfigView } from './config-model.ts';

/** The materialization's view model: the calls it makes and what its one catalog read returns. */
export interface MaterializationView {
  /** Each create argument and what the materialization passes: the name, the query, or a config key's value. */
  readonly createArgs: readonly {
    readonly name: string;
    readonly isName: boolean;
    readonly isQuery: boolean;
    readonly configKey: string | undefined;
    /** What create is given when the key is none, where it refuses NULL (a Jinja literal). */
    readonly createNone: string | undefined;
  }[];
  /** Config key carrying the initialize flag. */
  readonly initializeKey: string;
  /** Config key for the desired status, when the spec has one. */
  readonly statusKey: string | undefined;
  /** Keys only alter takes (the status among them): set right after a create, when the model gives a value. */
  readonly postCreateKeys: readonly { readonly name: string; readonly isStatus: boolean }[];
  /** Compared catalog columns beyond status, refresh_mode and schedule, which status reads too. */
  readonly comparedColumns: readonly string[];
  /**
   * Keys with config values the catalog never stores (AUTO): after a create, the run's log says what the extension
   * resolved them to. `values`: those config values.
   */
  readonly resolvedKeys: readonly { readonly name: string; readonly catalogColumn: string; readonly values: readonly string[] }[];
  /** Create arguments that get another value than NULL for none. */
  readonly createNoneArgs: readonly string[];
  /** Alter keys that get another value than NULL for none. */
  readonly alterNoneKeys: readonly string[];
  /** The alter argument of the schedule key: the swapped-in table gets its schedule with it (built with none). */
  readonly scheduleAlterArgument: string | undefined;
  /** Config key that turns the build-beside-and-swap replace on (spec keyRoles.swapOnReplace), if the target has it. */
  readonly swapKey: string | undefined;
  /** Catalog columns the one catalog read returns. */
  readonly describeColumns: readonly string[];
  /** Statuses in which the scheduler does not refresh a table because something went wrong (freshness errors). */
  readonly unhealthyStatuses: readonly string[];
}

export function buildMaterializationView(spec: Target, config: ConfigView, api: ApiView): MaterializationView {
  const roles = spec.lifecycle;
  // Every create argument is the name, the query or a config key's value (validate/lifecycle.ts).
  const createArgs = api.lifecycle.create.args.map((a) => {
    const key = config.configKeys.find((k) => k.createArgument === a.name);
    return {
      name: a.name,
      isName: a.name === roles.nameArgument,
      isQuery: a.name === roles.queryArgument,
      configKey: key?.name,
      createNone: key?.createNone,
    };
  });
  const { alterKeys, comparedKeys } = config;
  const statusKey = spec.keyRoles.status;
  const compared = comparedKeys.map((k) => k.catalogColumn ?? '').filter((c) => c !== '');
  return {
    createArgs,
    initializeKey: spec.keyRoles.initialize,
    statusKey,
    postCreateKeys: alterKeys.filter((k) => k.createArgument === undefined).map((k) => ({ name: k.name, isStatus: k.name === statusKey })),
    comparedColumns: compared.filter((c) => !['status', 'refresh_mode', 'schedule'].includes(c)),
    resolvedKeys: comparedKeys.flatMap((k) =>
      k.satisfiedBy !== undefined && k.catalogColumn !== undefined
        ? [{ name: k.name, catalogColumn: k.catalogColumn, values: Object.keys(k.satisfiedBy) }]
        : [],
    ),
    createNoneArgs: createArgs.filter((a) => a.createNone !== undefined).map((a) => a.name),
    alterNoneKeys: alterKeys.filter((k) => k.alterNone !== undefined).map((k) => k.name),
    scheduleAlterArgument: alterKeys.find((k) => k.name === spec.keyRoles.schedule)?.alterArgument,
    swapKey: spec.keyRoles.swapOnReplace,
    describeColumns: [...new Set([spec.catalogRoles.streamTables.id, 'status', 'is_populated', ...compared])],
    unhealthyStatuses: [spec.extension.statusAfterMaxErrors, spec.extension.statusAfterSourceDropped],
  };
}
