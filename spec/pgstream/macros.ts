import { packageMacros } from '../common/package.ts';

/** The package's hand-written public macros, in pg_stream's names (spec/common/package.ts). */
export const macros = packageMacros({
  prefix: 'pgstream',
  ns: 'dbt_pgstream',
  title: 'pg_stream',
  titleVersion: 'pg_stream 0.1.1',
  streamTables: 'pgs_stream_tables',
  dependencies: 'pgs_dependencies',
  stats: 'pg_stat_stream_tables',
  id: 'pgs_id',
  create: 'create_stream_table',
  drop: 'drop_stream_table',
  refresh: 'refresh_stream_table',
  cdcHealth: 'check_cdc_health',
  freshUnknown: 'whose data_timestamp pg_stream 0.1.1 advances without refreshing it',
});
