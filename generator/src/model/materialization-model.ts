import type { Target } from '../../../spec/types.ts';
import type { ApiView } from './api-model.ts';
import type { ConfigView } from './config-model.ts';

/** The materialization's view model: the calls it makes and what its one catalog read returns. */
export interface MaterializationView {
  /** Each create argument and what the materialization passes: the name, the query, or a config key's value. */
  readonly createArgs: readonly { readonly name: string; readonly isName: boolean; readonly isQuery: boolean; readonly configKey: string | undefined }[];
  /** Config key carrying the initialize flag. */
  readonly initializeKey: string;
  /** Config key for the desired status and its alter argument, when the spec has one. */
  readonly statusKey: string | undefined;
  readonly statusAlterArgument: string | undefined;
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
  const createArgs = api.lifecycle.create.args.map((a) => ({
    name: a.name,
    isName: a.name === roles.nameArgument,
    isQuery: a.name === roles.queryArgument,
    configKey: config.configKeys.find((k) => k.createArgument === a.name)?.name,
  }));
  const { alterKeys } = config;
  const statusKey = spec.keyRoles.status;
  return {
    createArgs,
    initializeKey: spec.keyRoles.initialize,
    statusKey,
    statusAlterArgument: alterKeys.find((k) => k.name === statusKey)?.alterArgument,
    scheduleAlterArgument: alterKeys.find((k) => k.name === spec.keyRoles.schedule)?.alterArgument,
    swapKey: spec.keyRoles.swapOnReplace,
    describeColumns: [...new Set([spec.catalogRoles.streamTables.id, 'status', 'is_populated', ...alterKeys.map((k) => k.catalogColumn ?? '')])].filter(
      (c) => c !== '',
    ),
    unhealthyStatuses: [spec.extension.statusAfterMaxErrors, spec.extension.statusAfterSourceDropped],
  };
}
