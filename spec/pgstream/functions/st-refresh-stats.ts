import type { SqlFunction } from '../../types.ts';

/** `pgstream.st_refresh_stats()`: reference §5.8. Aggregated from scheduler history only. */
export const stRefreshStats = {
  name: 'st_refresh_stats',
  args: [],
  returns: {
    kind: 'table',
    columns: [
      { name: 'pgs_name', type: 'text', nullable: false },
      { name: 'pgs_schema', type: 'text', nullable: false },
      { name: 'status', type: 'text', nullable: false },
      { name: 'refresh_mode', type: 'text', nullable: false },
      { name: 'is_populated', type: 'boolean', nullable: false },
      { name: 'total_refreshes', type: 'bigint', nullable: false },
      { name: 'successful_refreshes', type: 'bigint', nullable: false },
      { name: 'failed_refreshes', type: 'bigint', nullable: false },
      { name: 'total_rows_inserted', type: 'bigint', nullable: false },
      { name: 'total_rows_deleted', type: 'bigint', nullable: false },
      { name: 'avg_duration_ms', type: 'double precision', nullable: false, description: '0 when there are no finished rows' },
      { name: 'last_refresh_action', type: 'text', nullable: true },
      { name: 'last_refresh_status', type: 'text', nullable: true },
      { name: 'last_refresh_at', type: 'timestamptz', nullable: true },
      { name: 'staleness_secs', type: 'double precision', nullable: true },
      { name: 'stale', type: 'boolean', nullable: false, description: 'false for cron, CALCULATED and never-populated tables' },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: false,
  ref: '5.8',
  description: 'Refresh statistics per stream table, from pgs_refresh_history (written only by the scheduler).',
} as const satisfies SqlFunction;
