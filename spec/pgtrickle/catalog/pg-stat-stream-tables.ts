import type { CatalogRelation } from '../../types.ts';

/** `pgtrickle.pg_stat_stream_tables`: observed §4 (25 columns, in this order). */
export const pgStatStreamTables = {
  name: 'pg_stat_stream_tables',
  kind: 'view',
  columns: [
    { name: 'pgt_id', type: 'bigint', nullable: false },
    { name: 'pgt_schema', type: 'text', nullable: false },
    { name: 'pgt_name', type: 'text', nullable: false },
    { name: 'status', type: 'text', nullable: false },
    { name: 'refresh_mode', type: 'text', nullable: false },
    { name: 'is_populated', type: 'boolean', nullable: false },
    { name: 'data_timestamp', type: 'timestamptz', nullable: true },
    { name: 'schedule', type: 'text', nullable: true },
    { name: 'staleness', type: 'interval', nullable: true, description: 'now() - last_refresh_at' },
    { name: 'stale', type: 'boolean', nullable: true, description: 'As in stream_tables_info; NULL also before a first refresh.' },
    { name: 'consecutive_errors', type: 'integer', nullable: false },
    { name: 'needs_reinit', type: 'boolean', nullable: false },
    { name: 'last_refresh_at', type: 'timestamptz', nullable: true },
    { name: 'total_refreshes', type: 'bigint', nullable: false },
    { name: 'successful_refreshes', type: 'bigint', nullable: false },
    { name: 'failed_refreshes', type: 'bigint', nullable: false },
    { name: 'total_rows_inserted', type: 'bigint', nullable: false },
    { name: 'total_rows_deleted', type: 'bigint', nullable: false },
    { name: 'avg_duration_ms', type: 'double precision', nullable: true },
    { name: 'last_action', type: 'text', nullable: true },
    { name: 'last_status', type: 'text', nullable: true },
    { name: 'cdc_modes', type: 'text[]', nullable: true, description: 'Distinct pgt_dependencies.cdc_mode of its TABLE sources; NULL without one.' },
    { name: 'scc_id', type: 'integer', nullable: true },
    { name: 'last_fixpoint_iterations', type: 'integer', nullable: true },
    { name: 'refresh_tier', type: 'text', nullable: false },
  ],
  ref: '4',
  description:
    'Monitoring view: catalog state plus refresh history counters (0 without history; failed refreshes wrote no history in every case observed, T6).',
} as const satisfies CatalogRelation;
