import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.get_refresh_history`: observed §1 (signature, STRICT); behaviour read from its code, not run. Unknown name = zero rows. */
export const getRefreshHistory = {
  name: 'get_refresh_history',
  args: [
    { name: 'name', type: 'text', onNull: { kind: 'strict-no-op' }, description: "Stream table 'schema.name'; unqualified means 'public' (not search_path)." },
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
      { name: 'rows_inserted', type: 'bigint', nullable: false, description: 'NULL in the history reads as 0' },
      { name: 'rows_deleted', type: 'bigint', nullable: false, description: 'NULL in the history reads as 0; observed 0 also for refreshes that deleted rows' },
      { name: 'duration_ms', type: 'double precision', nullable: true },
      { name: 'error_message', type: 'text', nullable: true },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: false,
  ref: '1',
  description: 'Refresh history of one stream table (scheduler, manual and initial refreshes), newest first.',
} as const satisfies SqlFunction;
