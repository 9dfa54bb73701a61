import { packageMacros } from '../common/package.ts';
import type { MacroArg, PackageMacro } from '../types.ts';

const upstream = "upstream's dbt-pgtrickle 0.15";

/**
 * What the macros of upstream's dbt-pgtrickle 0.15 take beyond ours, so its projects' calls work unchanged
 * (spec/pgtrickle/upstream.ts lists the rest of the differences). Each is added after our own arguments: upstream's
 * projects pass them by keyword (`--args '{schema: analytics}'`, a test's YAML).
 */
const upstreamArgs: Readonly<Record<string, readonly MacroArg[]>> = {
  pgtrickle_refresh: [
    {
      name: 'schema',
      type: 'optional[string]',
      default: 'none',
      description: `With a bare name that is no stream_table model: the schema of the stream table (${upstream}'s argument); default: the target schema.`,
    },
  ],
  refresh_all_stream_tables: [
    {
      name: 'schema',
      type: 'optional[string]',
      default: 'none',
      description: `Only the chosen stream tables in this schema (${upstream}'s argument).`,
    },
  ],
  stream_table_healthy: [
    {
      name: 'warn_seconds',
      type: 'optional[integer]',
      default: 'none',
      description: `Also fail when the stream table was last refreshed more than this many seconds ago (${upstream}'s argument; there it defaults to 300). stream_table_fresh says the same with a duration.`,
    },
  ],
};

/** Upstream's catalog macros took a name ('schema.name', or 'name' in the target schema); ours take a relation too. */
const takesName = new Set(['pgtrickle_stream_table_exists', 'pgtrickle_get_stream_table_info']);

function withUpstreamArgs(m: PackageMacro): PackageMacro {
  const args = m.args.map((a) =>
    takesName.has(m.name) && a.name === 'relation'
      ? {
          ...a,
          type: 'any' as const,
          orName: true,
          description: `${a.description} Or a name, as ${upstream} took it: 'schema.name', or 'name' in the target schema.`,
        }
      : a,
  );
  return { ...m, args: [...args, ...(upstreamArgs[m.name] ?? [])] };
}

/** The package's hand-written public macros, in pg_trickle's names (spec/common/package.ts). */
export const macros: readonly PackageMacro[] = packageMacros({
  prefix: 'pgtrickle',
  ns: 'dbt_pgtrickle',
  title: 'pg_trickle',
  titleVersion: 'pg_trickle 0.48.0',
  streamTables: 'pgt_stream_tables',
  dependencies: 'pgt_dependencies',
  stats: 'pg_stat_stream_tables',
  id: 'pgt_id',
  create: 'create_stream_table',
  drop: 'drop_stream_table',
  refresh: 'refresh_stream_table',
  cdcHealth: 'check_cdc_health',
}).map(withUpstreamArgs);
