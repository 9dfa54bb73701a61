import type { PredecessorPackage } from '../types.ts';

const scenario = 'upstream.test.ts';

/**
 * Upstream's own dbt package for pg_trickle, dbt-pgtrickle 0.15.0, as it is at tag v0.48.0 of grove/pg-stream
 * (docs/pgtrickle-observed.md, "Upstream's dbt-pgtrickle"). It has the same dbt project name, dbt_pgtrickle, so a
 * project written for it resolves `dbt_pgtrickle.x` here. Its config keys are ours (spec/pgtrickle/config-keys.ts),
 * as are the arguments its macros take (spec/pgtrickle/macros.ts); what is left is below.
 */
export const predecessor: PredecessorPackage = {
  title: "upstream's dbt-pgtrickle 0.15",
  source: 'the `dbt-pgtrickle/` directory of https://github.com/grove/pg-stream at tag v0.48.0',
  retiredMacros: [
    {
      name: 'pgtrickle_enable_monitoring',
      replacement: "it called pg_trickle's setup_self_monitoring(), which this package does not wrap; call that function in an on-run-start hook of your own",
    },
    {
      name: 'pgtrickle_operational_status',
      replacement:
        "use `dbt run-operation pgtrickle_status` (every stream table of the project, what differs from its model, the orphans) or pgtrickle_health_check() / pgtrickle_pgt_status() for pg_trickle's own views",
    },
    {
      name: 'pgtrickle_stream_table_status',
      replacement:
        "use pgtrickle_get_stream_table_info('schema.name') (the catalog row, or none) or the generic tests stream_table_healthy and stream_table_fresh",
    },
    {
      name: 'pgtrickle_has_create_or_replace',
      replacement:
        'dbt-pgtrickle supports pg_trickle 0.48.0 only, so there is nothing to detect; the stream_table materialization decides create, alter or replace',
    },
    {
      name: 'pgtrickle_create_or_replace_stream_table',
      replacement:
        'the stream_table materialization creates, alters in place or replaces as the model needs; to call pg_trickle yourself use pgtrickle_create_stream_table or pgtrickle_alter_stream_table (keyword arguments)',
    },
  ],
  differences: [
    {
      topic: '`stream_table_name`, `stream_table_schema`',
      theirs: 'Create the stream table under another name or schema, so `ref()` to the model points at a relation that is not it',
      ours: "Refused before any statement, with one line naming the replacement: `alias='<name>'` or `schema='<name>'`",
      shownBy: scenario,
    },
    {
      topic: "`status='PAUSED'`, `diamond_consistency` STRICT/RELAXED, `diamond_schedule_policy` ATOMIC/INDEPENDENT, `storage_backend='unlogged'`",
      theirs: 'Documented; pg_trickle 0.48.0 rejects each of them at the create or alter',
      ours: "Refused before any statement, naming the value to use (`status='SUSPENDED'` pauses)",
      shownBy: 'pgtrickle-keys.test.ts',
    },
    {
      topic: 'A DIFFERENTIAL, AUTO or IMMEDIATE model that does not aggregate, over a table without a primary key (a seed)',
      theirs: 'Created; pg_trickle 0.48.0 then keeps the old version of an updated row and a deleted row for many such queries',
      ours: "Refused before anything is created or changed, naming the table and what to do: a primary key, aggregate, `refresh_mode='FULL'`, or `allow_keyless_source=true` for a query you have checked",
      shownBy: 'pgtrickle-keys.test.ts',
    },
    {
      topic: '`refresh_mode` AUTO (the default) and the fuse keys on a re-run',
      theirs: 'A re-run of an unchanged AUTO model whose table fell back to FULL, and every re-run of a model with a fuse key, fails',
      ours: 'An unchanged model is a no-op (one catalog read); the log of the create says what AUTO resolved to',
      shownBy: 'pgtrickle-keys.test.ts',
    },
    {
      topic: '`stream_table_healthy`',
      theirs:
        '`warn_seconds` defaults to 300; passes when the stream table does not exist; tests a PAUSED status pg_trickle never sets and not SUSPENDED or ERROR as such',
      ours: 'Fails when the stream table is missing, not managed, SUSPENDED, ERROR, unpopulated or failing; staleness only when `warn_seconds` is given (or use `stream_table_fresh`)',
      shownBy: scenario,
    },
    {
      topic: '`pgtrickle_check_freshness`',
      theirs: 'Looks at ACTIVE stream tables only, matched by name without schema, anywhere in the database',
      ours: "Checks this project's stream_table models at the schema dbt built them in; missing, SUSPENDED, ERROR and never-populated tables are errors",
      shownBy: scenario,
    },
    {
      topic: '`pgtrickle_drain`',
      theirs: 'Fails: `function pgtrickle.drain(timeout => integer) does not exist`',
      ours: 'Calls `drain(timeout_s => ...)` and logs its result',
      shownBy: scenario,
    },
    {
      topic: '`pgtrickle_check_cdc_health`',
      theirs: 'Prints `CDC: . ← .<table> [TRIGGER] buffer=` for every source and cannot fail',
      ours: 'One line per source table with its CDC mode and alert; exits non-zero on an alert (`fail_on_alert: false` to only report)',
      shownBy: scenario,
    },
    {
      topic: '`pgtrickle_refresh`, `refresh_all_stream_tables`',
      theirs: "Take raw names in `target.schema` (or `schema`); refresh_all refreshes in pg_trickle's dependency order",
      ours: "Take the same arguments; a model name resolves to the schema and alias dbt built; refresh_all also takes `select` and `continue_on_error`, orders by dbt's graph and the catalog, and reports SUSPENDED tables instead of refreshing them",
      shownBy: scenario,
    },
    {
      topic: '`--full-refresh` of a stream table another stream table reads',
      theirs: 'Fails: `drop_stream_table` refuses a table with dependent stream tables (it drops without cascade)',
      ours: 'Replaced beside the old one and swapped in; the stream tables that read it are pointed at the new one and kept',
      shownBy: scenario,
    },
    {
      topic: 'A query change',
      theirs: 'Drop and create: readers find no table, then an empty one, until the first refresh',
      ours: 'Built beside the old table and swapped in, so readers keep reading (`swap_on_replace`)',
      shownBy: 'swap.test.ts',
    },
    {
      topic: 'grants, indexes, persist_docs, on_configuration_change',
      theirs: 'Ignored',
      ours: 'Applied on create and compared on every run, as for dbt-postgres tables',
      shownBy: 'table-features.test.ts',
    },
    {
      topic: 'Macros it had that this package has not',
      theirs:
        '`pgtrickle_enable_monitoring`, `pgtrickle_operational_status`, `pgtrickle_stream_table_status`, `pgtrickle_has_create_or_replace`, `pgtrickle_create_or_replace_stream_table`',
      ours: 'Each fails with one line naming what to use, before it runs anything',
      shownBy: scenario,
    },
    {
      topic: '`pgtrickle_create_stream_table`, `pgtrickle_alter_stream_table` (called from your own macros)',
      theirs: 'Positional arguments in its own order; alter takes `current_info`',
      ours: "The SQL function's arguments in the function's order (alter: `name, query, schedule, refresh_mode, status, ...`): call them with keyword arguments",
      shownBy: scenario,
    },
    {
      topic: '`pgtrickle_get_stream_table_info`, `pgtrickle_stream_table_exists`',
      theirs: "Take 'schema.name' or 'name'; the row's keys are the catalog's (`pgt_name`, `defining_query`, ...)",
      ours: "Take the same names, or a relation; the row's keys: `schema`, `name`, `pgt_id`, `schedule`, `refresh_mode`, `status`, `is_populated`, `data_timestamp`, `last_refresh_at`, `consecutive_errors`, `query`, ...",
      shownBy: scenario,
    },
    {
      topic: 'dbt versions',
      theirs: 'dbt >= 1.9',
      ours: 'dbt 1.6 to 1.12 (the scenarios run on the oldest and the newest)',
      shownBy: scenario,
    },
  ],
};
