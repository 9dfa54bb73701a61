import type { EnumType } from '../types.ts';

/**
 * Closed value sets of pg_trickle 0.48.0, as observed (docs/pgtrickle-observed.md §1, §1b, §4): the catalog's CHECK
 * constraints and what create_stream_table and alter_stream_table accept. Input of every one is case-insensitive; the
 * stored case is the case of `values`.
 */
export const enums = [
  {
    name: 'refresh_mode_input',
    values: ['AUTO', 'FULL', 'DIFFERENTIAL', 'IMMEDIATE'],
    caseInsensitiveInput: true,
    aliases: { INCREMENTAL: 'DIFFERENTIAL' },
    ref: '1',
    description:
      "What create_stream_table accepts as refresh_mode. AUTO is stored as DIFFERENTIAL, or FULL when the query cannot be maintained incrementally; alter_stream_table rejects AUTO and INCREMENTAL on every stream table (the catalog's CHECK, observed T1).",
  },
  {
    name: 'refresh_mode',
    values: ['FULL', 'DIFFERENTIAL', 'IMMEDIATE'],
    caseInsensitiveInput: true,
    ref: '4',
    description: 'How a refresh works, as the catalog stores it (never AUTO).',
  },
  {
    name: 'status',
    values: ['INITIALIZING', 'ACTIVE', 'SUSPENDED', 'ERROR'],
    caseInsensitiveInput: true,
    ref: '4',
    description: 'Lifecycle state. There is no PAUSED: alter_stream_table rejects it and pause_all() fails on the CHECK (observed T13).',
  },
  {
    name: 'diamond_consistency',
    values: ['none', 'atomic'],
    caseInsensitiveInput: true,
    ref: '1',
    description: 'Whether the stream tables of a diamond are refreshed as one (atomic, the stored default) or each on its own.',
  },
  {
    name: 'diamond_schedule_policy',
    values: ['fastest', 'slowest'],
    caseInsensitiveInput: true,
    ref: '1',
    description: "Which member's schedule an atomic diamond follows; 'slowest' needs diamond_consistency 'atomic'.",
  },
  {
    name: 'requested_cdc_mode',
    values: ['auto', 'trigger', 'wal'],
    caseInsensitiveInput: true,
    ref: '1',
    description: "Change capture asked for: 'wal' needs wal_level = logical; 'auto' moves to WAL when it can (not observed).",
  },
  {
    name: 'storage_backend',
    values: ['heap', 'none', 'citus', 'pg_mooncake'],
    caseInsensitiveInput: true,
    ref: '1',
    description: "Storage of the stream table; 'citus' and 'pg_mooncake' were accepted without those extensions and left a heap table.",
  },
  {
    name: 'refresh_tier',
    values: ['hot', 'warm', 'cold', 'frozen'],
    caseInsensitiveInput: true,
    ref: '1b',
    description: "Scheduling tier: 'frozen' suspends refreshes until the tier is changed back.",
  },
  {
    name: 'fuse_mode',
    values: ['off', 'on', 'auto'],
    caseInsensitiveInput: true,
    ref: '1b',
    description: 'The fuse: when on, a refresh whose change count exceeds the ceiling blows it and suspends the stream table.',
  },
  {
    name: 'fuse_state',
    values: ['armed', 'blown', 'disabled'],
    caseInsensitiveInput: false,
    ref: '4',
    description: 'State of the fuse; a blown fuse is reset with reset_fuse.',
  },
  {
    name: 'post_refresh_action',
    values: ['none', 'analyze', 'reindex', 'reindex_if_drift'],
    caseInsensitiveInput: true,
    ref: '1b',
    description: 'What runs after each refresh.',
  },
  {
    name: 'reset_fuse_action',
    values: ['apply', 'reinitialize', 'skip_changes'],
    caseInsensitiveInput: false,
    ref: '1b',
    description:
      'What reset_fuse does with the changes that blew the fuse: apply them, reinitialize the table, or skip them (the table is then out of step with its sources, as asked).',
  },
  {
    name: 'source_type',
    values: ['TABLE', 'STREAM_TABLE', 'VIEW', 'MATVIEW', 'FOREIGN_TABLE'],
    caseInsensitiveInput: false,
    ref: '4',
    description: 'Kind of a dependency source.',
  },
  {
    name: 'cdc_mode',
    values: ['TRIGGER', 'TRANSITIONING', 'WAL'],
    caseInsensitiveInput: false,
    ref: '4',
    description: 'Change-capture mode of a source (pgt_dependencies); TRIGGER in every case observed.',
  },
  {
    name: 'refresh_action',
    values: ['NO_DATA', 'FULL', 'DIFFERENTIAL', 'REINITIALIZE', 'SKIP'],
    caseInsensitiveInput: false,
    ref: '4',
    description: 'What a refresh did. Seen: FULL, DIFFERENTIAL, NO_DATA.',
  },
  {
    name: 'refresh_status',
    values: ['RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED'],
    caseInsensitiveInput: false,
    ref: '4',
    description: 'Outcome of a refresh. Only COMPLETED was seen: failed refreshes write no history row (observed T6).',
  },
  {
    name: 'initiated_by',
    values: ['SCHEDULER', 'MANUAL', 'INITIAL', 'SELF_MONITOR'],
    caseInsensitiveInput: false,
    ref: '4',
    description: "Who started a refresh: INITIAL is create's population.",
  },
] as const satisfies readonly EnumType[];
