import type { Target } from '../types.ts';
import { catalog } from './catalog/index.ts';
import { configKeys, dbtConfigKeys, rejectedConfigKeys } from './config-keys.ts';
import { enums } from './enums.ts';
import { day2Examples } from './examples.ts';
import { functions } from './functions/index.ts';
import { limitations } from './limitations.ts';
import { macros } from './macros.ts';
import { predecessor } from './predecessor.ts';
import { schedule } from './schedule.ts';

/**
 * The pg_trickle 0.48.0 API and the dbt-pgtrickle package surface (listed in spec/index.ts). Facts cite
 * docs/pgtrickle-observed.md (sections and T-numbered observations on the real extension).
 */
export const pgtrickle = {
  id: 'pgtrickle',
  extension: {
    name: 'pg_trickle',
    title: 'pg_trickle',
    version: '0.48.0',
    commit: '3ba220d8',
    repository: 'https://github.com/grove/pg-stream',
    apiSchema: 'pgtrickle',
    changeSchema: 'pgtrickle_changes',
    postgresMajor: 18,
    schedulerProcess: 'pg_trickle scheduler',
    rowIdColumn: '__pgt_row_id',
    countColumn: '__pgt_count',
    errorSqlState: '22023',
    statusAfterCreate: { initialized: 'ACTIVE', uninitialized: 'INITIALIZING' },
    statusAfterSourceDropped: 'ERROR',
    statusAfterMaxErrors: 'SUSPENDED',
    streamTableSourceType: 'STREAM_TABLE',
    // docs/pgtrickle-swap-observed.md P3, P8, P10
    swap: {
      lockCatalogRows:
        'pg_trickle 0.48.0 claims a stream table for a scheduled refresh by locking its catalog row (FOR UPDATE SKIP LOCKED) and ignores advisory locks',
      repointDependents:
        'drop_stream_table refuses a stream table that other stream tables read; pointing their dependency rows at the new table first lets it proceed, and they refresh fully once',
    },
    storageTypes: {
      observed:
        'pg_trickle 0.48.0 creates the storage table with the type name of each column but not its length, so character(n) becomes character(1) and the create fails on the first longer value (value too long for type character(1))',
      narrowed: [{ type: 'character', arrayType: 'character[]', keptTypmod: 5 }],
    },
    changeCapture: { sourceType: 'TABLE' },
    dropLeavesFunctions: {
      observed: 'pg_trickle 0.48.0 leaves the function <schema>._pgt_guard_<name>() behind, which makes a later DROP SCHEMA fail',
      functions: ['_pgt_guard_<name>'],
    },
  },
  package: {
    name: 'dbt-pgtrickle',
    projectName: 'dbt_pgtrickle',
    version: '0.1.0',
    materialization: 'stream_table',
    requireDbtVersion: ['>=1.6.0', '<1.13.0'],
    outputDir: 'dist-package/dbt-pgtrickle',
    macroPrefix: 'pgtrickle',
  },
  emulator: { sourceDir: 'emulators/pgtrickle/src', outputDir: 'emulators/pgtrickle/extension' },
  functions,
  catalog,
  enums,
  schedule,
  configKeys,
  rejectedConfigKeys,
  dbtConfigKeys,
  lifecycle: {
    create: 'create_stream_table',
    alter: 'alter_stream_table',
    drop: 'drop_stream_table',
    refresh: 'refresh_stream_table',
    resume: 'resume_stream_table',
    nameArgument: 'name',
    queryArgument: 'query',
  },
  keyRoles: {
    schedule: 'schedule',
    initialize: 'initialize',
    status: 'status',
    cronOptIn: 'allow_cron_schedule',
    swapOnReplace: 'swap_on_replace',
    keylessSourceOptIn: 'allow_keyless_source',
  },
  catalogRoles: {
    // data_timestamp moves only when the data changed; last_refresh_at on every refresh, also one that found nothing (T15)
    streamTables: { relation: 'pgt_stream_tables', id: 'pgt_id', relid: 'pgt_relid', schema: 'pgt_schema', name: 'pgt_name', currentAsOf: 'last_refresh_at' },
    dependencies: { relation: 'pgt_dependencies', streamTableId: 'pgt_id', sourceRelid: 'source_relid', sourceType: 'source_type' },
    changeTracking: { relation: 'pgt_change_tracking', sourceRelid: 'source_relid' },
    stats: { relation: 'pg_stat_stream_tables', id: 'pgt_id', schema: 'pgt_schema', name: 'pgt_name', currentAsOf: 'last_refresh_at' },
  },
  macros,
  day2Examples,
  limitations,
  predecessor,
  identifierPattern: '^[a-z_][a-z0-9_$]*$',
  maxIdentifierLength: 63,
} as const satisfies Target;
