import type { Target } from '../../../spec/types.ts';
import type { ApiView } from './api-model.ts';
import type { ConfigView } from './config-model.ts';

/** The materialization's view model: the calls it makes and what its one catalog read returns. */
export interface MaterializationView {
  /** Keyword arguments of the create call in the materialization, every create argument covered. */
  readonly createCall: string;
  /** Keyword arguments of the alter call: each alter key's argument from the plan's changes. */
  readonly alterCall: string;
  /** Config key carrying the initialize flag. */
  readonly initializeKey: string;
  /** Config key for the desired status and its alter argument, when the spec has one. */
  readonly statusKey: string | undefined;
  readonly statusAlterArgument: string | undefined;
  /** Catalog columns the one catalog read returns. */
  readonly describeColumns: readonly string[];
  /** Statuses in which the scheduler does not refresh a table because something went wrong (freshness errors). */
  readonly unhealthyStatuses: readonly string[];
}

export function buildMaterializationView(spec: Target, config: ConfigView, api: ApiView): MaterializationView {
  const roles = spec.lifecycle;
  // Every create argument is the name, the query or a config key's value (validate/lifecycle.ts).
  const fixed: Record<string, string> = { [roles.nameArgument]: 'st_name', [roles.queryArgument]: 'query' };
  const createCall = api.lifecycle.create.args
    .map((a) => `${a.name}=${fixed[a.name] ?? `cfg['${config.configKeys.find((k) => k.createArgument === a.name)?.name}']`}`)
    .join(', ');
  const { alterKeys } = config;
  const statusKey = alterKeys.find((k) => k.alterArgument === roles.statusArgument)?.name;
  return {
    createCall,
    alterCall: [`${roles.nameArgument}=st_name`, ...alterKeys.map((k) => `${k.alterArgument}=changes.get('${k.name}')`)].join(', '),
    initializeKey: config.configKeys.find((k) => k.createArgument === roles.initializeArgument)?.name ?? roles.initializeArgument,
    statusKey,
    statusAlterArgument: alterKeys.find((k) => k.name === statusKey)?.alterArgument,
    describeColumns: [...new Set([spec.catalogRoles.streamTables.id, 'status', 'is_populated', ...alterKeys.map((k) => k.catalogColumn ?? '')])].filter(
      (c) => c !== '',
    ),
    unhealthyStatuses: [spec.extension.statusAfterMaxErrors, spec.extension.statusAfterSourceDropped],
  };
}
