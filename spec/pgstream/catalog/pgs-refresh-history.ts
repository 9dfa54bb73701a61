import type { CatalogRelation } from '../../types.ts';

/** `pgstream.pgs_refresh_history`: reference §8.3 (written only by the scheduler; no FK). */
export const pgsRefreshHistory = {
  name: 'pgs_refresh_history',
  kind: 'table',
  columns: [
    { name: 'refresh_id', type: 'bigint', nullable: false, default: 'nextval' },
    { name: 'pgs_id', type: 'bigint', nullable: false },
    { name: 'data_timestamp', type: 'timestamptz', nullable: false },
    { name: 'start_time', type: 'timestamptz', nullable: false },
    { name: 'end_time', type: 'timestamptz', nullable: true },
    { name: 'action', type: 'text', nullable: false, check: 'refresh_action' },
    { name: 'rows_inserted', type: 'bigint', nullable: true, default: '0' },
    { name: 'rows_deleted', type: 'bigint', nullable: true, default: '0' },
    { name: 'error_message', type: 'text', nullable: true },
    { name: 'status', type: 'text', nullable: false, check: 'refresh_status' },
    { name: 'initiated_by', type: 'text', nullable: true, check: 'initiated_by' },
    { name: 'freshness_deadline', type: 'timestamptz', nullable: true },
  ],
  primaryKey: ['refresh_id'],
  indexes: [{ name: 'idx_hist_pgs_ts', columns: ['pgs_id', 'data_timestamp'] }],
  ref: '8.3',
  description: 'Audit log of scheduler refreshes. Rows survive drop_stream_table.',
} as const satisfies CatalogRelation;
