import type { SqlFunction } from '../../types.ts';

/** `pgstream.get_refresh_history`: reference §5.9. Name Rule B; unknown name = zero rows. */
export const getRefreshHistory = {
  name: 'get_refresh_history',
  args: [
    { name: 'name', type: 'text', onNull: { kind: 'strict-no-op' }, description: "Stream table (Rule B: unqualified means 'public')." },
    { name: 'max_rows', type: 'integer', default: { value: 20 }, onNull: { kind: 'strict-no-op' }, description: 'Newest rows to return.' },
  ],
  returns: {
    kind: 'table',
    columns: [
      { name: 'refresh_id', type: 'bigint', nullable: false },
      { name: 'data_timestamp', type: 'timestamptz', nullable: false },
      { name: 'start_time', type: 'timestamptz', nullable: false },
      { name: 'end_time', type: 'timestamptz', nullable: true },
      { name: 'action', type: 'text', nullable: false },
      { name: 'status', type: 'text', nullable: false },
      { name: 'rows_inserted', type: 'bigint', nullable: true },
      { name: 'rows_deleted', type: 'bigint', nullable: true },
      { name: 'duration_ms', type: 'double precision', nullable: true },
      { name: 'error_message', type: 'text', nullable: true },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: false,
  ref: '5.9',
  description: 'Scheduler refresh history of one stream table, newest first.',
} as const satisfies SqlFunction;
