import { packageMacros } from '../common/package.ts';

/** The package's hand-written public macros, in pg_trickle's names (spec/common/package.ts). */
export const macros = packageMacros({
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
});
