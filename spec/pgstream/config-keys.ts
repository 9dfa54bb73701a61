import { dbtConfigKeys as commonDbtConfigKeys, rejectedConfigKeys as commonRejectedConfigKeys } from '../common/package.ts';
import type { ConfigKey } from '../types.ts';
import { schedule } from './schedule.ts';

/**
 * Model config keys of the `stream_table` materialization (plan §5.2, corrected by the reference).
 * Each key names the function arguments it feeds; the generator checks that they exist.
 */
export const configKeys = [
  {
    name: 'schedule',
    type: { kind: 'schedule' },
    nullable: {
      kind: 'value',
      meaning: "CALCULATED schedule: pg_stream's scheduler never refreshes it once populated; refresh it with pgstream_refresh",
    },
    default: '1m',
    feeds: [
      { function: 'create_stream_table', argument: 'schedule' },
      { function: 'alter_stream_table', argument: 'schedule' },
    ],
    change: {
      kind: 'alter',
      catalogColumn: 'schedule',
    },
    description: `Refresh schedule: a duration ('30m', '1h30m', '90'). Durations below pg_stream.min_schedule_seconds (default ${schedule.minimumDurationSecondsDefault}) are rejected by the extension. A cron expression ('*/5 * * * *', '@hourly') is refused unless allow_cron_schedule is true: pg_stream 0.1.1 refreshes such a table about once a second, whatever the expression says.`,
    ref: '10.1',
  },
  {
    name: 'refresh_mode',
    type: { kind: 'enum', enum: 'refresh_mode' },
    default: 'DIFFERENTIAL',
    feeds: [
      { function: 'create_stream_table', argument: 'refresh_mode' },
      { function: 'alter_stream_table', argument: 'refresh_mode' },
    ],
    change: {
      kind: 'alter',
      catalogColumn: 'refresh_mode',
      replaceWhenChangedTo: ['DIFFERENTIAL'],
      replaceReason: 'alter_stream_table does not add the __pgs_count column that DIFFERENTIAL aggregate and DISTINCT queries need',
    },
    description: "'FULL' (recompute on every refresh) or 'DIFFERENTIAL' (apply captured changes). Case-insensitive; 'INCREMENTAL' means DIFFERENTIAL.",
    ref: '5.1',
  },
  {
    name: 'initialize',
    type: { kind: 'boolean' },
    default: true,
    feeds: [{ function: 'create_stream_table', argument: 'initialize' }],
    change: { kind: 'create-only' },
    description:
      "Populate the stream table when it is created. false leaves it empty in status INITIALIZING until pgstream_refresh runs; pg_stream's scheduler does not pick it up.",
    ref: '5.1',
  },
  {
    name: 'allow_cron_schedule',
    type: { kind: 'boolean' },
    default: false,
    feeds: [],
    change: { kind: 'materialization' },
    description:
      'Accept a cron schedule although pg_stream 0.1.1 refreshes such a stream table about once a second, whatever the expression says. Without it a cron schedule is refused before any statement; use a duration instead.',
    ref: '10.1',
  },
  {
    name: 'swap_on_replace',
    type: { kind: 'boolean' },
    default: true,
    feeds: [],
    change: { kind: 'materialization' },
    description:
      'Replace a stream table (query change, --full-refresh, a change that cannot be applied in place) by building the new one beside it under a temporary name and swapping it in with one short transaction, so readers keep reading the old rows until the new ones are there. It needs room for both tables during the build, and writers of its source tables wait while the new one is populated. false drops and creates in one statement, as before: readers wait for the whole build.',
    ref: '5.1',
  },
  {
    name: 'status',
    type: { kind: 'enum', enum: 'status', only: ['ACTIVE', 'SUSPENDED'] },
    nullable: { kind: 'unset', meaning: 'the materialization leaves the status alone' },
    default: null,
    feeds: [{ function: 'alter_stream_table', argument: 'status' }],
    change: {
      kind: 'alter',
      catalogColumn: 'status',
    },
    rejectedValues: {
      PAUSED: "pg_stream has no PAUSED status (it rejects it with 'unknown status: PAUSED'); use status='SUSPENDED' to pause and status='ACTIVE' to resume",
      INITIALIZING: 'INITIALIZING is a state pg_stream sets itself; use ACTIVE or SUSPENDED',
      ERROR: 'ERROR is a state pg_stream sets itself; use ACTIVE or SUSPENDED',
    },
    description: "Desired status: 'SUSPENDED' pauses scheduled refreshes, 'ACTIVE' resumes them (and resets consecutive_errors).",
    ref: '10.4',
  },
] as const satisfies readonly ConfigKey[];

/** Keys the plan proposed that the package refuses (spec/common/package.ts). */
export const rejectedConfigKeys = commonRejectedConfigKeys({ title: 'pg_stream' });

/** dbt-core config keys the materialization honours (spec/common/package.ts). */
export const dbtConfigKeys = commonDbtConfigKeys({ title: 'pg_stream', ns: 'dbt_pgstream' });
