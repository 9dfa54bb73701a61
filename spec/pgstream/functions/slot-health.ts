import type { SqlFunction } from '../../types.ts';

/** `pgstream.slot_health()`: reference §5.11. One row per tracked source table. */
export const slotHealth = {
  name: 'slot_health',
  args: [],
  returns: {
    kind: 'table',
    columns: [
      { name: 'slot_name', type: 'text', nullable: false },
      { name: 'source_relid', type: 'bigint', nullable: false },
      { name: 'active', type: 'boolean', nullable: false },
      { name: 'retained_wal_bytes', type: 'bigint', nullable: false },
      { name: 'wal_status', type: 'text', nullable: false, description: "lower case: 'trigger', 'wal' or 'transitioning'" },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: false,
  ref: '5.11',
  description: 'Change-capture slot (or trigger) health per tracked source table.',
} as const satisfies SqlFunction;
