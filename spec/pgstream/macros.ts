import type { PackageMacro } from '../types.ts';

/**
 * Public macros of the package whose bodies are written by hand in templates. Their signatures
 * (and so the dispatcher, the default implementation and the docs) are rendered from here.
 * Wrappers of pg_stream functions are not listed: they derive from spec/functions.
 */
export const macros = [
  {
    name: 'pgstream_stream_table_exists',
    folder: 'catalog',
    args: [{ name: 'relation', type: 'relation', description: 'The relation to look up (e.g. this or ref(...)).' }],
    description: "True when pg_stream's catalog has a stream table at the relation's schema and identifier.",
    uses: ['pgs_stream_tables'],
  },
  {
    name: 'pgstream_get_stream_table_info',
    folder: 'catalog',
    args: [{ name: 'relation', type: 'relation', description: 'The relation to look up (e.g. this or ref(...)).' }],
    description:
      'The catalog row of a stream table (pgs_id, schedule, refresh_mode, status, is_populated, data_timestamp, consecutive_errors, query), or none.',
    uses: ['pgs_stream_tables'],
  },
  {
    name: 'pgstream_refresh',
    folder: 'operations',
    args: [
      {
        name: 'model_name',
        type: 'string',
        description: "A stream_table model's name (resolved to the schema and alias dbt built), or an explicit 'schema.table'.",
      },
    ],
    description: 'Refreshes one stream table now, synchronously, and commits.',
    usage: "dbt run-operation pgstream_refresh --args '{model_name: order_totals}'",
    uses: ['refresh_stream_table'],
  },
  {
    name: 'drop_all_stream_tables',
    folder: 'operations',
    args: [{ name: 'dry_run', type: 'bool', default: 'false', description: 'Only log what would be dropped.' }],
    description: "Drops the stream tables of this project's stream_table models (at the schema and alias dbt resolved), and no others.",
    usage: 'dbt run-operation drop_all_stream_tables',
    uses: ['pgs_stream_tables', 'drop_stream_table'],
  },
  {
    name: 'drop_all_stream_tables_force',
    folder: 'operations',
    args: [{ name: 'dry_run', type: 'bool', default: 'false', description: 'Only log what would be dropped.' }],
    description: 'Drops every stream table in the database, including those dbt does not manage. Use with care.',
    usage: 'dbt run-operation drop_all_stream_tables_force',
    uses: ['pgs_stream_tables', 'drop_stream_table'],
  },
  {
    name: 'pgstream_check_cdc_health',
    folder: 'operations',
    args: [{ name: 'fail_on_alert', type: 'bool', default: 'true', description: 'Fail (non-zero exit) when a source has an alert.' }],
    description: 'Reports change-capture health per source table (healthy when alert is null).',
    usage: 'dbt run-operation pgstream_check_cdc_health',
    uses: ['check_cdc_health'],
  },
  {
    name: 'pgstream_check_freshness',
    folder: 'operations',
    args: [
      { name: 'model_name', type: 'optional[string]', default: 'none', description: 'Check one stream_table model; default: all of them.' },
      { name: 'warn_seconds', type: 'integer', default: '600', description: 'Staleness above this warns.' },
      { name: 'error_seconds', type: 'integer', default: '1800', description: 'Staleness above this is an error (non-zero exit).' },
    ],
    description:
      "Checks every stream_table model of the project against pg_stream's catalog: stale, never populated, SUSPENDED, ERROR and missing stream tables are errors and make the run-operation fail.",
    usage: "dbt run-operation pgstream_check_freshness --args '{warn_seconds: 300, error_seconds: 900}'",
    uses: ['pg_stat_stream_tables'],
  },
  {
    name: 'pgstream_loaded_at_query',
    folder: 'catalog',
    args: [{ name: 'relation', type: 'relation', description: "The stream table's relation: `this` inside a source's loaded_at_query." }],
    description:
      "SQL returning a stream table's data_timestamp, for native `dbt source freshness` (dbt >= 1.10): set a source's `loaded_at_query` to a Jinja expression calling `dbt_pgstream.pgstream_loaded_at_query(this)` (see the README). A missing or never populated stream table reads as infinitely stale.",
    uses: ['pgs_stream_tables'],
  },
  {
    name: 'pgstream_check_environment',
    folder: 'utils',
    args: [],
    description:
      'Runs once per invocation (on-run-start) when stream_table models are selected: fails with one clear line when PostgreSQL is older than 18, pg_stream is missing or the role lacks rights; warns when no scheduler will refresh the tables.',
    uses: ['pgs_stream_tables', 'create_stream_table'],
  },
  {
    name: 'refresh_all_stream_tables',
    folder: 'operations',
    args: [
      {
        name: 'select',
        type: 'optional[list[string]]',
        default: 'none',
        description: "Model names and 'tag:<tag>' items (a list, or one space-separated string); default: every stream_table model.",
      },
      {
        name: 'continue_on_error',
        type: 'bool',
        default: 'false',
        description: 'Go on to the next stream table after a failed refresh, skipping those that read a failed one (the operation still exits non-zero).',
      },
    ],
    description:
      "Refreshes the project's stream tables now, each committed on its own, in dependency order (after every stream table it reads, by dbt's graph and pg_stream's catalog), printing one line per table with the time taken and the rows after. SUSPENDED tables are reported, not refreshed. Exits non-zero when a refresh failed.",
    usage: "dbt run-operation refresh_all_stream_tables --args '{select: [order_totals, tag:hourly]}'",
    uses: ['pgs_stream_tables', 'pgs_dependencies', 'refresh_stream_table'],
  },
  {
    name: 'pgstream_status',
    folder: 'operations',
    args: [
      {
        name: 'fail_on',
        type: 'optional[string]',
        default: 'none',
        description:
          "'error': exit non-zero when a stream table is missing, ERROR, SUSPENDED, unpopulated or failing; 'warn': also when one differs from its model (schedule, refresh mode, status, the relations it reads) or an orphan exists.",
      },
      {
        name: 'drop_orphans',
        type: 'bool',
        default: 'false',
        description: "Drop the orphans: stream tables in the schemas of the project's models that no model defines.",
      },
      { name: 'dry_run', type: 'bool', default: 'true', description: 'With drop_orphans, only log what would be dropped.' },
    ],
    description:
      "Prints one table of the project's stream tables (status, refresh mode, schedule, staleness, consecutive errors, last refresh, rows, and whether pg_stream's catalog agrees with the model), then the orphans. The query text itself is compared by dbt run, which replaces a stream table whose query changed.",
    usage: "dbt run-operation pgstream_status --args '{fail_on: error}'",
    uses: ['pgs_stream_tables', 'pgs_dependencies', 'drop_stream_table'],
  },
  {
    name: 'stream_table_healthy',
    folder: 'tests',
    kind: 'test',
    args: [{ name: 'model', type: 'relation', description: 'The stream_table model under test (dbt passes it).' }],
    description:
      "Generic test: one failing row, saying why, when the model's stream table does not exist, exists but is not managed by pg_stream, is ERROR or SUSPENDED, is not populated, or has consecutive_errors > 0. The row's columns (stream_table, status, refresh_mode, is_populated, consecutive_errors, staleness_seconds, problem) are what `where` filters.",
    usage: 'data_tests: [dbt_pgstream.stream_table_healthy]',
    uses: ['pgs_stream_tables'],
  },
  {
    name: 'stream_table_fresh',
    folder: 'tests',
    kind: 'test',
    args: [
      { name: 'model', type: 'relation', description: 'The stream_table model under test (dbt passes it).' },
      {
        name: 'max_staleness',
        type: 'string',
        description: "The bound on now() - data_timestamp: a duration as in `schedule` ('90s', '5m', '1h30m') or a number of seconds.",
      },
    ],
    description:
      "Generic test: one failing row when the model's stream table is missing, never populated, older than max_staleness, or reads another stream table (whose data_timestamp pg_stream 0.1.1 advances without refreshing it, so its freshness is unknown). Same columns as stream_table_healthy.",
    usage: "data_tests: [{dbt_pgstream.stream_table_fresh: {max_staleness: '10m'}}]",
    uses: ['pgs_stream_tables', 'pgs_dependencies'],
  },
] as const satisfies readonly PackageMacro[];
