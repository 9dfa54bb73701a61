import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.pgt_status()`: observed §7. */
export const pgtStatus = {
  name: 'pgt_status',
  args: [],
  returns: {
    kind: 'table',
    columns: [
      { name: 'name', type: 'text', nullable: false, description: "pgt_schema || '.' || pgt_name, unquoted" },
      { name: 'status', type: 'text', nullable: false },
      { name: 'refresh_mode', type: 'text', nullable: false },
      { name: 'is_populated', type: 'boolean', nullable: false },
      { name: 'consecutive_errors', type: 'integer', nullable: false },
      { name: 'schedule', type: 'text', nullable: true, description: 'NULL = calculated (also IMMEDIATE)' },
      { name: 'data_timestamp', type: 'timestamptz', nullable: true },
      { name: 'staleness', type: 'interval', nullable: true, description: 'now() - data_timestamp; NULL if never populated' },
      { name: 'scc_id', type: 'integer', nullable: true },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: true,
  ref: '7',
  description: 'One row per stream table, ordered by schema then name.',
} as const satisfies SqlFunction;
