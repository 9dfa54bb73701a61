import type { SqlFunction } from '../../types.ts';

/** `pgstream.pgs_status()`: reference §5.7. */
export const pgsStatus = {
  name: 'pgs_status',
  args: [],
  returns: {
    kind: 'table',
    columns: [
      { name: 'name', type: 'text', nullable: false, description: "pgs_schema || '.' || pgs_name, unquoted" },
      { name: 'status', type: 'text', nullable: false },
      { name: 'refresh_mode', type: 'text', nullable: false },
      { name: 'is_populated', type: 'boolean', nullable: false },
      { name: 'consecutive_errors', type: 'integer', nullable: false },
      { name: 'schedule', type: 'text', nullable: true },
      { name: 'data_timestamp', type: 'timestamptz', nullable: true },
      { name: 'staleness', type: 'interval', nullable: true, description: 'now() - data_timestamp; NULL if never populated' },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: true,
  ref: '5.7',
  description: 'One row per stream table, ordered by schema then name.',
} as const satisfies SqlFunction;
