import type { CatalogRelation } from '../../types.ts';

/** `pgtrickle.pgt_refresh_history`: observed §4, T6, T15. */
export const pgtRefreshHistory = {
  name: 'pgt_refresh_history',
  kind: 'table',
  columns: [
    { name: 'refresh_id', type: 'bigint', nullable: false, default: 'nextval' },
    { name: 'pgt_id', type: 'bigint', nullable: false },
    { name: 'data_timestamp', type: 'timestamptz', nullable: false },
    { name: 'start_time', type: 'timestamptz', nullable: false },
    { name: 'end_time', type: 'timestamptz', nullable: true },
    { name: 'action', type: 'text', nullable: false, check: 'refresh_action' },
    { name: 'rows_inserted', type: 'bigint', nullable: true, default: '0' },
    { name: 'rows_deleted', type: 'bigint', nullable: true, default: '0', description: 'Observed 0 also for refreshes that deleted rows.' },
    { name: 'delta_row_count', type: 'bigint', nullable: true, default: '0' },
    { name: 'merge_strategy_used', type: 'text', nullable: true },
    { name: 'was_full_fallback', type: 'boolean', nullable: false, default: 'false' },
    { name: 'error_message', type: 'text', nullable: true },
    { name: 'status', type: 'text', nullable: false, check: 'refresh_status' },
    { name: 'initiated_by', type: 'text', nullable: true, check: 'initiated_by' },
    { name: 'freshness_deadline', type: 'timestamptz', nullable: true },
    { name: 'tick_watermark_lsn', type: 'pg_lsn', nullable: true },
    { name: 'fixpoint_iteration', type: 'integer', nullable: true },
  ],
  primaryKey: ['refresh_id'],
  indexes: [
    { name: 'idx_hist_pgt_ts', columns: ['pgt_id', 'data_timestamp'] },
    { name: 'idx_hist_pgt_start', columns: ['pgt_id', 'start_time'] },
  ],
  foreignKeys: [{ columns: ['pgt_id'], references: 'pgt_stream_tables(pgt_id)', onDelete: 'CASCADE' }],
  ref: '4',
  description:
    'Log of refreshes: scheduler, manual and the initial population (initiated_by SCHEDULER, MANUAL, INITIAL). Failed scheduled refreshes wrote no row: only COMPLETED rows were seen. Rows go with their stream table (ON DELETE CASCADE).',
} as const satisfies CatalogRelation;
