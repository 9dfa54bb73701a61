import type { DbtConfigKey, PackageMacro, RejectedConfigKey } from '../types.ts';

/**
 * The package surface every target's package shares (the hand-written macros, the dbt-core config keys the
 * materialization honours, the config keys it refuses), in the names of one target. A target's spec calls these with
 * its names, so the text is written once and each package reads in its own extension's words.
 */
export interface PackageNames {
  /** The package's macro prefix (`pgstream`). */
  readonly prefix: string;
  /** The dbt project name (`dbt_pgstream`). */
  readonly ns: string;
  /** How prose names the extension (`pg_stream`), and with its version (`pg_stream 0.1.1`). */
  readonly title: string;
  readonly titleVersion: string;
  /** The catalog relations the macros read: stream tables, dependencies, the stats view; and its id column. */
  readonly streamTables: string;
  readonly dependencies: string;
  readonly stats: string;
  readonly id: string;
  /** The functions the macros call. */
  readonly create: string;
  readonly drop: string;
  readonly refresh: string;
  readonly cdcHealth: string;
  /** Why the freshness of a stream table that reads another one is unknown, when it is (spec extension.schedulerIgnores). */
  readonly freshUnknown?: string;
}

/**
 * Public macros of the package whose bodies are written by hand in templates. Their signatures (and so the
 * dispatcher, the default implementation and the docs) are rendered from here. Wrappers of the extension's functions
 * are not listed: they derive from the target's spec/<id>/functions.
 */
export function packageMacros(n: PackageNames) {
  return [
    {
      name: `${n.prefix}_stream_table_exists`,
      folder: 'catalog',
      args: [{ name: 'relation', type: 'relation', description: 'The relation to look up (e.g. this or ref(...)).' }],
      description: `True when ${n.title}'s catalog has a stream table at the relation's schema and identifier.`,
      uses: [n.streamTables],
    },
    {
      name: `${n.prefix}_get_stream_table_info`,
      folder: 'catalog',
      args: [{ name: 'relation', type: 'relation', description: 'The relation to look up (e.g. this or ref(...)).' }],
      description: `The catalog row of a stream table (${n.id}, schedule, refresh_mode, status, is_populated, data_timestamp, consecutive_errors, query), or none.`,
      uses: [n.streamTables],
    },
    {
      name: `${n.prefix}_refresh`,
      folder: 'operations',
      args: [
        {
          name: 'model_name',
          type: 'string',
          description: "A stream_table model's name (resolved to the schema and alias dbt built), or an explicit 'schema.table'.",
        },
      ],
      description: 'Refreshes one stream table now, synchronously, and commits.',
      usage: `dbt run-operation ${n.prefix}_refresh --args '{model_name: order_totals}'`,
      uses: [n.refresh],
    },
    {
      name: 'drop_all_stream_tables',
      folder: 'operations',
      args: [{ name: 'dry_run', type: 'bool', default: 'false', description: 'Only log what would be dropped.' }],
      description: "Drops the stream tables of this project's stream_table models (at the schema and alias dbt resolved), and no others.",
      usage: 'dbt run-operation drop_all_stream_tables',
      uses: [n.streamTables, n.drop],
    },
    {
      name: 'drop_all_stream_tables_force',
      folder: 'operations',
      args: [{ name: 'dry_run', type: 'bool', default: 'false', description: 'Only log what would be dropped.' }],
      description: 'Drops every stream table in the database, including those dbt does not manage. Use with care.',
      usage: 'dbt run-operation drop_all_stream_tables_force',
      uses: [n.streamTables, n.drop],
    },
    {
      name: `${n.prefix}_check_cdc_health`,
      folder: 'operations',
      args: [{ name: 'fail_on_alert', type: 'bool', default: 'true', description: 'Fail (non-zero exit) when a source has an alert.' }],
      description: 'Reports change-capture health per source table (healthy when alert is null).',
      usage: `dbt run-operation ${n.prefix}_check_cdc_health`,
      uses: [n.cdcHealth],
    },
    {
      name: `${n.prefix}_check_freshness`,
      folder: 'operations',
      args: [
        { name: 'model_name', type: 'optional[string]', default: 'none', description: 'Check one stream_table model; default: all of them.' },
        { name: 'warn_seconds', type: 'integer', default: '600', description: 'Staleness above this warns.' },
        { name: 'error_seconds', type: 'integer', default: '1800', description: 'Staleness above this is an error (non-zero exit).' },
      ],
      description: `Checks every stream_table model of the project against ${n.title}'s catalog: stale, never populated, SUSPENDED, ERROR and missing stream tables are errors and make the run-operation fail.`,
      usage: `dbt run-operation ${n.prefix}_check_freshness --args '{warn_seconds: 300, error_seconds: 900}'`,
      uses: [n.stats],
    },
    {
      name: `${n.prefix}_loaded_at_query`,
      folder: 'catalog',
      args: [{ name: 'relation', type: 'relation', description: "The stream table's relation: `this` inside a source's loaded_at_query." }],
      description: `SQL returning a stream table's data_timestamp, for native \`dbt source freshness\` (dbt >= 1.10): set a source's \`loaded_at_query\` to a Jinja expression calling \`${n.ns}.${n.prefix}_loaded_at_query(this)\` (see the README). A missing or never populated stream table reads as infinitely stale.`,
      uses: [n.streamTables],
    },
    {
      name: `${n.prefix}_check_environment`,
      folder: 'utils',
      args: [],
      description: `Runs once per invocation (on-run-start) when stream_table models are selected: fails with one clear line when PostgreSQL is older than 18, ${n.title} is missing or the role lacks rights; warns when no scheduler will refresh the tables.`,
      uses: [n.streamTables, n.create],
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
      description: `Refreshes the project's stream tables now, each committed on its own, in dependency order (after every stream table it reads, by dbt's graph and ${n.title}'s catalog), printing one line per table with the time taken and the rows after. SUSPENDED tables are reported, not refreshed. Exits non-zero when a refresh failed.`,
      usage: "dbt run-operation refresh_all_stream_tables --args '{select: [order_totals, tag:hourly]}'",
      uses: [n.streamTables, n.dependencies, n.refresh],
    },
    {
      name: `${n.prefix}_status`,
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
      description: `Prints one table of the project's stream tables (status, refresh mode, schedule, staleness, consecutive errors, last refresh, rows, and whether ${n.title}'s catalog agrees with the model), then the orphans. The query text itself is compared by dbt run, which replaces a stream table whose query changed.`,
      usage: `dbt run-operation ${n.prefix}_status --args '{fail_on: error}'`,
      uses: [n.streamTables, n.dependencies, n.drop],
    },
    {
      name: 'stream_table_healthy',
      folder: 'tests',
      kind: 'test',
      args: [{ name: 'model', type: 'relation', description: 'The stream_table model under test (dbt passes it).' }],
      description: `Generic test: one failing row, saying why, when the model's stream table does not exist, exists but is not managed by ${n.title}, is ERROR or SUSPENDED, is not populated, or has consecutive_errors > 0. The row's columns (stream_table, status, refresh_mode, is_populated, consecutive_errors, staleness_seconds, problem) are what \`where\` filters.`,
      usage: `data_tests: [${n.ns}.stream_table_healthy]`,
      uses: [n.streamTables],
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
      description: `Generic test: one failing row when the model's stream table is missing, never populated, ${n.freshUnknown ? `older than max_staleness, or reads another stream table (${n.freshUnknown}, so its freshness is unknown)` : 'or older than max_staleness'}. Same columns as stream_table_healthy.`,
      usage: `data_tests: [{${n.ns}.stream_table_fresh: {max_staleness: '10m'}}]`,
      uses: [n.streamTables, n.dependencies],
    },
  ] as const satisfies readonly PackageMacro[];
}

/** Keys the plan proposed that the package refuses, because they would make dbt and the extension disagree. */
export function rejectedConfigKeys(n: Pick<PackageNames, 'title'>) {
  return [
    {
      name: 'stream_table_name',
      message: `stream_table_name is not supported: ref() to this model would point at a relation that is not the stream table. Set alias='<name>' instead, so dbt and ${n.title} use the same name`,
    },
    {
      name: 'stream_table_schema',
      message: `stream_table_schema is not supported: ref() to this model would point at a relation that is not the stream table. Set schema='<name>' (or +schema in dbt_project.yml) instead, so dbt and ${n.title} use the same schema`,
    },
  ] as const satisfies readonly RejectedConfigKey[];
}

/** dbt-core config keys the materialization honours. */
export function dbtConfigKeys(n: Pick<PackageNames, 'title' | 'ns'>) {
  return [
    {
      name: 'on_configuration_change',
      values: "'apply', 'continue', 'fail'",
      default: "'apply'",
      description:
        'What to do when config keys differ from the catalog (the keys the Configuration table says change in place, and those whose change recreates the table): apply them (alter in place, or replace where alter cannot), continue (leave the stream table as is, with a warning) or fail the model. A query change always replaces.',
    },
    {
      name: 'full_refresh',
      values: 'true, false',
      default: 'none',
      description: 'false protects the stream table from --full-refresh; true drops and recreates it on every run (dbt semantics).',
    },
    {
      name: 'alias / schema',
      values: 'plain lower-case identifiers',
      default: 'model name / target schema',
      description: `Where the stream table lives. ${n.title} needs unquoted lower-case names.`,
    },
    {
      name: 'pre_hook / post_hook',
      values: 'SQL',
      default: 'none',
      description: 'Run as on the table materialization: outside-transaction hooks first and last, inside-transaction hooks around the change.',
    },
    {
      name: 'grants',
      values: '{privilege: [roles]}',
      default: 'none',
      description:
        "Applied on create and replace; on every other run the privileges this role granted are compared with the model's (in the one catalog read) and the difference is granted and revoked (also privileges granted by hand), as dbt's own table materialization does. Unset or `{}`: existing grants are left alone, as dbt leaves them.",
    },
    {
      name: 'indexes',
      values: "[{columns: [...], unique: true|false, type: 'btree'|'hash'|'gist'|'spgist'|'gin'|'brin'}]",
      default: '[]',
      description: `Indexes on the stream table's storage table, as for dbt-postgres tables. Named ${n.ns}_idx_<hash of table and index>, so a re-run finds them: missing ones are created, ones the model no longer declares are dropped (only these; ${n.title}'s own indexes are never touched).`,
    },
    {
      name: 'persist_docs',
      values: '{relation: true|false, columns: true|false}',
      default: '{}',
      description: "The model's and its columns' descriptions as comments, on create and replace, and whenever a stored comment differs from the description.",
    },
  ] as const satisfies readonly DbtConfigKey[];
}
