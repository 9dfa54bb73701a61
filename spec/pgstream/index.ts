import type { Target } from '../types.ts';
import { pgStatStreamTables } from './catalog/pg-stat-stream-tables.ts';
import { pgsChangeTracking } from './catalog/pgs-change-tracking.ts';
import { pgsDependencies } from './catalog/pgs-dependencies.ts';
import { pgsRefreshHistory } from './catalog/pgs-refresh-history.ts';
import { pgsStreamTables } from './catalog/pgs-stream-tables.ts';
import { streamTablesInfo } from './catalog/stream-tables-info.ts';
import { configKeys, dbtConfigKeys, rejectedConfigKeys } from './config-keys.ts';
import { enums } from './enums.ts';
import { day2Examples } from './examples.ts';
import { alterStreamTable } from './functions/alter-stream-table.ts';
import { checkCdcHealth } from './functions/check-cdc-health.ts';
import { createStreamTable } from './functions/create-stream-table.ts';
import { dropStreamTable } from './functions/drop-stream-table.ts';
import { explainSt } from './functions/explain-st.ts';
import { getRefreshHistory } from './functions/get-refresh-history.ts';
import { getStaleness } from './functions/get-staleness.ts';
import { onDdlEnd } from './functions/on-ddl-end.ts';
import { onSqlDrop } from './functions/on-sql-drop.ts';
import { parseDurationSeconds } from './functions/parse-duration-seconds.ts';
import { pgStreamHash } from './functions/pg-stream-hash.ts';
import { pgStreamHashMulti } from './functions/pg-stream-hash-multi.ts';
import { pgsStatus } from './functions/pgs-status.ts';
import { refreshStreamTable } from './functions/refresh-stream-table.ts';
import { resumeStreamTable } from './functions/resume-stream-table.ts';
import { slotHealth } from './functions/slot-health.ts';
import { stRefreshStats } from './functions/st-refresh-stats.ts';
import { limitations } from './limitations.ts';
import { macros } from './macros.ts';
import { schedule } from './schedule.ts';

/** The pg_stream 0.1.1 API and the dbt-pgstream package surface (listed in spec/index.ts). */
export const pgstream = {
  id: 'pgstream',
  extension: {
    name: 'pg_stream',
    title: 'pg_stream',
    version: '0.1.1',
    commit: '8685a567',
    repository: 'https://github.com/grove/pg-stream',
    apiSchema: 'pgstream',
    changeSchema: 'pgstream_changes',
    postgresMajor: 18,
    schedulerDatabase: 'postgres',
    schedulerProcess: 'pg_stream scheduler',
    rowIdColumn: '__pgs_row_id',
    countColumn: '__pgs_count',
    errorSqlState: 'XX000',
    statusAfterCreate: { initialized: 'ACTIVE', uninitialized: 'INITIALIZING' },
    statusAfterSourceDropped: 'ERROR',
    statusAfterMaxErrors: 'SUSPENDED',
    streamTableSourceType: 'STREAM_TABLE',
    schedulerIgnores: {
      observed:
        "pg_stream 0.1.1's scheduler never refreshes a stream table that reads another stream table (it only watches table sources), although its data_timestamp keeps advancing",
    },
    storageTypes: {
      observed:
        'pg_stream 0.1.1 creates the storage table with the type name of each column but not its length, so character(n) becomes character(1) and bit(n) becomes bit(1), and the first row longer than that fails the refresh (value too long for type character(1))',
      narrowed: [
        { type: 'character', arrayType: 'character[]', keptTypmod: 5 },
        { type: 'bit', arrayType: 'bit[]', keptTypmod: 1 },
      ],
    },
    groupBy: {
      observedIndex:
        'pg_stream 0.1.1 indexes a DIFFERENTIAL aggregate on its GROUP BY items by their text, so create_stream_table fails (column "(v % 2)" does not exist) for an item that is not a column the select list outputs under its own name',
      observedAlias:
        'pg_stream 0.1.1 reads a GROUP BY name as a column of the FROM sources, so grouping by a select-list alias builds but its first differential refresh fails (column c.new_<name> does not exist)',
      observedNested:
        'pg_stream 0.1.1 builds a query with a GROUP BY in a CTE or a UNION branch, but its first differential refresh fails (for example column st.__pgs_count does not exist), and one in a subquery of FROM fails at create',
      observedGroupingSets:
        'pg_stream 0.1.1 builds GROUP BY ROLLUP, CUBE and GROUPING SETS, but their first differential refresh fails (column st.__pgs_count does not exist)',
    },
    changeCapture: { sourceType: 'TABLE' },
    deadSourceDrop: {
      observed:
        'pg_stream 0.1.1 cannot drop a stream table whose table source was dropped (drop_stream_table names the source by its bare OID: a syntax error), which is what a dbt rebuild of an upstream table or seed leaves',
      bufferTable: 'changes_<oid>',
      functions: ['pg_stream_cdc_fn_<oid>', 'pg_stream_cdc_truncate_fn_<oid>'],
    },
  },
  package: {
    name: 'dbt-pgstream',
    projectName: 'dbt_pgstream',
    version: '0.1.0',
    materialization: 'stream_table',
    requireDbtVersion: ['>=1.6.0', '<1.13.0'],
    outputDir: 'dist-package/dbt-pgstream',
    macroPrefix: 'pgstream',
  },
  emulator: { sourceDir: 'emulators/pgstream/src', outputDir: 'emulators/pgstream/extension' },
  functions: [
    createStreamTable,
    alterStreamTable,
    dropStreamTable,
    resumeStreamTable,
    refreshStreamTable,
    parseDurationSeconds,
    pgsStatus,
    stRefreshStats,
    getRefreshHistory,
    getStaleness,
    slotHealth,
    explainSt,
    checkCdcHealth,
    pgStreamHash,
    pgStreamHashMulti,
    onDdlEnd,
    onSqlDrop,
  ],
  catalog: [pgsStreamTables, pgsDependencies, pgsRefreshHistory, pgsChangeTracking, streamTablesInfo, pgStatStreamTables],
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
  keyRoles: { schedule: 'schedule', initialize: 'initialize', status: 'status', cronOptIn: 'allow_cron_schedule', swapOnReplace: 'swap_on_replace' },
  catalogRoles: {
    streamTables: { relation: 'pgs_stream_tables', id: 'pgs_id', relid: 'pgs_relid', schema: 'pgs_schema', name: 'pgs_name', currentAsOf: 'data_timestamp' },
    dependencies: { relation: 'pgs_dependencies', streamTableId: 'pgs_id', sourceRelid: 'source_relid', sourceType: 'source_type' },
    changeTracking: { relation: 'pgs_change_tracking', sourceRelid: 'source_relid' },
    stats: { relation: 'pg_stat_stream_tables', id: 'pgs_id', schema: 'pgs_schema', name: 'pgs_name', currentAsOf: 'data_timestamp' },
  },
  macros,
  day2Examples,
  limitations,
  identifierPattern: '^[a-z_][a-z0-9_$]*$',
  maxIdentifierLength: 63,
} as const satisfies Target;
