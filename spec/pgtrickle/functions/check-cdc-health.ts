import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.check_cdc_health()`: observed §7. One row per tracked source; healthy ⇔ alert IS NULL. */
export const checkCdcHealth = {
  name: 'check_cdc_health',
  args: [],
  returns: {
    kind: 'table',
    columns: [
      { name: 'source_relid', type: 'bigint', nullable: false },
      { name: 'source_table', type: 'text', nullable: false, description: "the source's 'schema.name'" },
      { name: 'cdc_mode', type: 'text', nullable: false, description: 'TRIGGER, TRANSITIONING or WAL' },
      { name: 'slot_name', type: 'text', nullable: true },
      { name: 'lag_bytes', type: 'bigint', nullable: true },
      { name: 'confirmed_lsn', type: 'text', nullable: true },
      { name: 'alert', type: 'text', nullable: true, description: 'NULL when healthy' },
      { name: 'selective_capture', type: 'boolean', nullable: false },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: false,
  ref: '7',
  description: 'Change-capture health per source table (sample: 18410 | x.s3 | TRIGGER | | | | | f). A source is healthy exactly when alert IS NULL.',
} as const satisfies SqlFunction;
