import type { CatalogRelation } from '../../types.ts';

/** `pgstream.pg_stat_stream_tables`: reference §8.6 (21 columns, in this order). */
export const pgStatStreamTables = {
  name: 'pg_stat_stream_tables',
  kind: 'view',
  columns: [
    { name: 'pgs_id', type: 'bigint', nullable: false },
    { name: 'pgs_schema', type: 'text', nullable: false },
    { name: 'pgs_name', type: 'text', nullable: false },
    { name: 'status', type: 'text', nullable: false },
    { name: 'refresh_mode', type: 'text', nullable: false },
    { name: 'is_populated', type: 'boolean', nullable: false },
    { name: 'data_timestamp', type: 'timestamptz', nullable: true },
    { name: 'schedule', type: 'text', nullable: true },
    { name: 'staleness', type: 'interval', nullable: true, description: 'now() - data_timestamp' },
    { name: 'stale', type: 'boolean', nullable: true, description: 'As in stream_tables_info; NULL when data_timestamp is NULL.' },
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
  ],
  ref: '8.6',
  description: 'Monitoring view: catalog state plus scheduler history counters (0 for manually refreshed tables).',
} as const satisfies CatalogRelation;
