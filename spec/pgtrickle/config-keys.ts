import { dbtConfigKeys as commonDbtConfigKeys, rejectedConfigKeys as commonRejectedConfigKeys } from '../common/package.ts';
import type { ConfigKey } from '../types.ts';
import { schedule } from './schedule.ts';

const create = 'create_stream_table';
const alter = 'alter_stream_table';
const both = (argument: string) => [
  { function: create, argument },
  { function: alter, argument },
];
const upstream = "upstream's dbt-pgtrickle 0.15 documents it, but pg_trickle 0.48.0 rejects it";

/**
 * Model config keys of the `stream_table` materialization for pg_trickle 0.48.0: every argument of
 * create_stream_table and alter_stream_table but the name and the query, with the values the extension was observed
 * to accept (docs/pgtrickle-observed.md §1, §1b, §2, §5). The keys and defaults of upstream's dbt-pgtrickle 0.15 keep
 * their meaning.
 */
export const configKeys = [
  {
    name: 'schedule',
    type: { kind: 'schedule' },
    nullable: {
      kind: 'value',
      meaning:
        "CALCULATED schedule ('calculated' says the same): pg_trickle refreshes it with the stream tables that read it, or at pg_trickle.default_schedule_seconds (1 s) when none does",
    },
    default: '1m',
    feeds: both('schedule'),
    change: { kind: 'alter', catalogColumn: 'schedule' },
    description: `Refresh schedule: a duration ('30s', '5m', '1h30m', '90'), or 'calculated' / none. Durations below pg_trickle.min_schedule_seconds (default ${schedule.minimumDurationSecondsDefault}) are rejected by the extension. A cron expression ('*/5 * * * *', '@hourly') is refused unless allow_cron_schedule is true: pg_trickle 0.48.0 refreshes such a table on every scheduler tick, whatever the expression says.`,
    ref: '2',
  },
  {
    name: 'refresh_mode',
    type: { kind: 'enum', enum: 'refresh_mode_input' },
    default: 'AUTO',
    feeds: both('refresh_mode'),
    change: {
      kind: 'alter',
      catalogColumn: 'refresh_mode',
      satisfiedBy: { AUTO: ['DIFFERENTIAL', 'FULL'] },
      replaceWhenChangedTo: ['AUTO'],
      replaceReason: 'alter_stream_table cannot set AUTO (pg_trickle 0.48.0 writes it into the catalog, whose CHECK rejects it); a new create resolves it',
    },
    description:
      "'AUTO' (DIFFERENTIAL when pg_trickle can maintain the query incrementally, else FULL: the run's log says which), 'DIFFERENTIAL', 'FULL' or 'IMMEDIATE' (maintained inside the writing transaction; no schedule). Case-insensitive; 'INCREMENTAL' means DIFFERENTIAL. An AUTO model whose table is stored DIFFERENTIAL or FULL is unchanged.",
    ref: '1',
  },
  {
    name: 'initialize',
    type: { kind: 'boolean' },
    default: true,
    feeds: [{ function: create, argument: 'initialize' }],
    change: { kind: 'create-only' },
    description:
      "Populate the stream table when it is created. false leaves it empty in status INITIALIZING until pgtrickle_refresh runs; pg_trickle's scheduler does not pick it up.",
    ref: 'T10',
  },
  {
    name: 'allow_cron_schedule',
    type: { kind: 'boolean' },
    default: false,
    feeds: [],
    change: { kind: 'materialization' },
    description:
      'Accept a cron schedule although pg_trickle 0.48.0 refreshes such a stream table on every scheduler tick (about every 1.2-1.5 s), whatever the expression says. Without it a cron schedule is refused before any statement; use a duration instead.',
    ref: 'T2',
  },
  {
    name: 'allow_keyless_source',
    type: { kind: 'boolean' },
    default: false,
    feeds: [],
    change: { kind: 'materialization' },
    description:
      "Accept a DIFFERENTIAL, AUTO or IMMEDIATE stream table that reads a table without a primary key (a dbt seed, for one) and does not aggregate (no GROUP BY, HAVING or aggregate function in its outer SELECT). Over such a table pg_trickle 0.48.0 keeps the old version of a row after an UPDATE and a deleted row after a DELETE for many of these queries (a computed column, a constant, even a plain column list with a WHERE), and which ones cannot be told from the query text. Without it such a model is refused before anything is created or changed: give the table a primary key, aggregate, or set refresh_mode='FULL'. Set it only for a query you have checked is maintained right.",
    ref: 'T25',
  },
  {
    name: 'swap_on_replace',
    type: { kind: 'boolean' },
    default: true,
    feeds: [],
    change: { kind: 'materialization' },
    description:
      'Replace a stream table (query change, --full-refresh, a change that cannot be applied in place) by building the new one beside it under a temporary name and swapping it in with one short transaction, so readers keep reading the old rows until the new ones are there (alter_stream_table(query => ...) blocks them for the whole refresh). It needs room for both tables during the build, and writers of its source tables wait while the new one is populated. false drops and creates in one statement: readers wait for the whole build.',
    ref: '5',
  },
  {
    name: 'status',
    type: { kind: 'enum', enum: 'status', only: ['ACTIVE', 'SUSPENDED'] },
    nullable: { kind: 'unset', meaning: 'the materialization leaves the status alone' },
    default: null,
    feeds: [{ function: alter, argument: 'status' }],
    change: { kind: 'alter', catalogColumn: 'status' },
    rejectedValues: {
      PAUSED: `pg_trickle has no PAUSED status (${upstream} with 'unknown status: PAUSED'); use status='SUSPENDED' to pause and status='ACTIVE' to resume`,
      INITIALIZING: 'INITIALIZING is a state pg_trickle sets itself; use ACTIVE or SUSPENDED',
      ERROR: 'ERROR is a state pg_trickle sets itself; use ACTIVE or SUSPENDED',
    },
    description: "Desired status: 'SUSPENDED' pauses scheduled refreshes, 'ACTIVE' resumes them.",
    ref: '1b',
  },
  {
    name: 'diamond_consistency',
    type: { kind: 'enum', enum: 'diamond_consistency' },
    nullable: { kind: 'unset', meaning: "pg_trickle's default (stored 'atomic') on create; left alone afterwards" },
    default: null,
    feeds: both('diamond_consistency'),
    change: { kind: 'alter', catalogColumn: 'diamond_consistency' },
    rejectedValues: {
      strict: `'STRICT': ${upstream}; use 'atomic'`,
      relaxed: `'RELAXED': ${upstream}; use 'none'`,
    },
    description: "'atomic' refreshes the stream tables of a diamond (two paths from one source) together; 'none' refreshes each on its own.",
    ref: '1',
  },
  {
    name: 'diamond_schedule_policy',
    type: { kind: 'enum', enum: 'diamond_schedule_policy' },
    nullable: { kind: 'unset', meaning: "pg_trickle's default (stored 'fastest') on create; left alone afterwards" },
    default: null,
    feeds: both('diamond_schedule_policy'),
    change: { kind: 'alter', catalogColumn: 'diamond_schedule_policy' },
    rejectedValues: {
      atomic: `'ATOMIC': ${upstream}; use 'fastest' or 'slowest'`,
      independent: `'INDEPENDENT': ${upstream}; use 'fastest' or 'slowest'`,
    },
    description: "Which member's schedule an atomic diamond follows: 'fastest' or 'slowest' ('slowest' needs diamond_consistency 'atomic').",
    ref: '1',
  },
  {
    name: 'cdc_mode',
    type: { kind: 'enum', enum: 'requested_cdc_mode' },
    nullable: { kind: 'unset', meaning: 'pg_trickle.cdc_mode (auto) on create; left alone afterwards' },
    default: null,
    feeds: both('cdc_mode'),
    change: { kind: 'alter', catalogColumn: 'requested_cdc_mode' },
    description: "Change capture: 'trigger', 'wal' (needs wal_level = logical) or 'auto'.",
    ref: '1',
  },
  {
    name: 'append_only',
    type: { kind: 'boolean' },
    default: false,
    feeds: both('append_only'),
    change: { kind: 'alter', catalogColumn: 'is_append_only' },
    description: 'The sources only ever get inserts: refreshes skip the delete side. Needs DIFFERENTIAL or AUTO and a primary key on every source table.',
    ref: '1',
  },
  {
    name: 'pooler_compatibility_mode',
    type: { kind: 'boolean' },
    default: false,
    feeds: both('pooler_compatibility_mode'),
    change: { kind: 'alter', catalogColumn: 'pooler_compatibility_mode' },
    description: 'Refresh without prepared statements, for connection poolers in transaction mode.',
    ref: '1',
  },
  {
    name: 'partition_by',
    type: { kind: 'text' },
    nullable: { kind: 'value', meaning: 'not partitioned' },
    default: null,
    feeds: [{ function: create, argument: 'partition_by' }],
    change: {
      kind: 'replace',
      catalogColumn: 'st_partition_key',
      reason: 'create_or_replace_stream_table ignores it, and alter_stream_table(partition_by => ...) rebuilds the storage table under a new OID anyway',
    },
    description:
      "Partition the storage table: a column ('id', RANGE with a default partition), columns ('id,v'), 'LIST:<column>' or 'HASH:<column>:<partitions>'. Every column must be in the query's output.",
    ref: '1',
  },
  {
    name: 'max_differential_joins',
    type: { kind: 'integer', min: 1 },
    nullable: { kind: 'value', meaning: 'no limit', alterSends: 0 },
    default: null,
    feeds: both('max_differential_joins'),
    change: { kind: 'alter', catalogColumn: 'max_differential_joins' },
    description: 'Joins above which a refresh recomputes instead of applying changes; none: no limit.',
    ref: '1b',
  },
  {
    name: 'max_delta_fraction',
    type: { kind: 'number', min: 0, minExclusive: true, max: 1 },
    nullable: { kind: 'value', meaning: 'no limit', alterSends: 0 },
    default: null,
    feeds: both('max_delta_fraction'),
    change: { kind: 'alter', catalogColumn: 'max_delta_fraction' },
    description: 'Fraction of changed source rows above which a refresh recomputes instead of applying changes; none: no limit.',
    ref: '1b',
  },
  {
    name: 'output_distribution_column',
    type: { kind: 'text' },
    nullable: { kind: 'value', meaning: 'not distributed' },
    default: null,
    feeds: [{ function: create, argument: 'output_distribution_column' }],
    change: { kind: 'create-only' },
    description: 'Citus: the distribution column of the storage table. pg_trickle refuses it without Citus.',
    ref: '1',
  },
  {
    name: 'temporal',
    type: { kind: 'boolean' },
    default: false,
    feeds: [{ function: create, argument: 'temporal' }],
    change: { kind: 'replace', catalogColumn: 'temporal_mode', reason: 'create_or_replace_stream_table and alter_stream_table cannot change it' },
    description: 'Keep history: the storage table gets __pgt_valid_from and __pgt_valid_to columns.',
    ref: '1',
  },
  {
    name: 'storage_backend',
    type: { kind: 'enum', enum: 'storage_backend' },
    nullable: { kind: 'unset', meaning: "pg_trickle's default (stored 'heap') on create; not compared afterwards" },
    default: null,
    feeds: [{ function: create, argument: 'storage_backend' }],
    change: { kind: 'replace', catalogColumn: 'storage_backend', reason: 'create_or_replace_stream_table and alter_stream_table cannot change it' },
    rejectedValues: { unlogged: `'unlogged': ${upstream}; use 'heap'` },
    description: "'heap', 'none', 'citus' or 'pg_mooncake' (pg_trickle 0.48.0 accepted the last two without those extensions and built a heap table).",
    ref: '1',
  },
  {
    name: 'tier',
    type: { kind: 'enum', enum: 'refresh_tier' },
    nullable: { kind: 'unset', meaning: "pg_trickle's default (stored 'hot'); left alone" },
    default: null,
    feeds: [{ function: alter, argument: 'tier' }],
    change: { kind: 'alter', catalogColumn: 'refresh_tier' },
    description: "Scheduling tier: 'hot', 'warm', 'cold' or 'frozen' ('frozen' suspends refreshes until the tier changes back).",
    ref: '1b',
  },
  {
    name: 'fuse',
    type: { kind: 'enum', enum: 'fuse_mode' },
    nullable: { kind: 'unset', meaning: "pg_trickle's default (stored 'off'); left alone" },
    default: null,
    feeds: [{ function: alter, argument: 'fuse' }],
    change: { kind: 'alter', catalogColumn: 'fuse_mode' },
    description:
      "'on': a refresh whose pending changes exceed fuse_ceiling blows the fuse and suspends the stream table until pgtrickle_reset_fuse; 'auto'; 'off'.",
    ref: '1b',
  },
  {
    name: 'fuse_ceiling',
    type: { kind: 'integer', min: 1 },
    nullable: { kind: 'unset', meaning: 'left alone' },
    default: null,
    feeds: [{ function: alter, argument: 'fuse_ceiling' }],
    change: { kind: 'alter', catalogColumn: 'fuse_ceiling' },
    description: 'Pending changes above which the fuse blows.',
    ref: '1b',
  },
  {
    name: 'fuse_sensitivity',
    type: { kind: 'integer', min: 1 },
    nullable: { kind: 'unset', meaning: 'left alone' },
    default: null,
    feeds: [{ function: alter, argument: 'fuse_sensitivity' }],
    change: { kind: 'alter', catalogColumn: 'fuse_sensitivity' },
    description: "Sensitivity of the 'auto' fuse.",
    ref: '1b',
  },
  {
    name: 'post_refresh_action',
    type: { kind: 'enum', enum: 'post_refresh_action' },
    nullable: { kind: 'unset', meaning: "pg_trickle's default (stored 'none'); left alone" },
    default: null,
    feeds: [{ function: alter, argument: 'post_refresh_action' }],
    change: { kind: 'alter', catalogColumn: 'post_refresh_action' },
    description: "What runs after each refresh: 'none', 'analyze', 'reindex' or 'reindex_if_drift'.",
    ref: '1b',
  },
  {
    name: 'reindex_drift_threshold',
    type: { kind: 'number', min: 0, minExclusive: true, max: 1 },
    nullable: { kind: 'unset', meaning: 'left alone' },
    default: null,
    feeds: [{ function: alter, argument: 'reindex_drift_threshold' }],
    change: { kind: 'alter', catalogColumn: 'reindex_drift_threshold' },
    description: "Fraction of rows changed since the last reindex above which 'reindex_if_drift' reindexes.",
    ref: '1b',
  },
] as const satisfies readonly ConfigKey[];

/** Keys the plan proposed that the package refuses (spec/common/package.ts). */
export const rejectedConfigKeys = commonRejectedConfigKeys({ title: 'pg_trickle' });

/** dbt-core config keys the materialization honours (spec/common/package.ts). */
export const dbtConfigKeys = commonDbtConfigKeys({ title: 'pg_trickle', ns: 'dbt_pgtrickle' });
