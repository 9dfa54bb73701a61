import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.fuse_status()`: observed §1b, §7. */
export const fuseStatus = {
  name: 'fuse_status',
  args: [],
  returns: {
    kind: 'table',
    columns: [
      { name: 'stream_table', type: 'text', nullable: false, description: "'schema.name'" },
      { name: 'fuse_mode', type: 'text', nullable: false, description: 'off, on or auto' },
      { name: 'fuse_state', type: 'text', nullable: false, description: 'armed, blown or disabled' },
      { name: 'fuse_ceiling', type: 'bigint', nullable: true },
      { name: 'effective_ceiling', type: 'bigint', nullable: true },
      { name: 'fuse_sensitivity', type: 'integer', nullable: true },
      { name: 'blown_at', type: 'timestamptz', nullable: true },
      { name: 'blow_reason', type: 'text', nullable: true, description: "e.g. 'change buffer count (11) exceeded ceiling (2)'" },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: true,
  ref: '7',
  description:
    'Fuse (change-volume circuit breaker) configuration and state, one row per stream table. A blown fuse leaves the table SUSPENDED until reset_fuse.',
} as const satisfies SqlFunction;
