import type { SqlFunction } from '../../types.ts';

/** `pgstream.check_cdc_health()`: reference §5.13. One row per distinct TABLE source; healthy ⇔ alert IS NULL. */
export const checkCdcHealth = {
  name: 'check_cdc_health',
  args: [],
  returns: {
    kind: 'table',
    columns: [
      { name: 'source_relid', type: 'bigint', nullable: false },
      { name: 'source_table', type: 'text', nullable: false, description: 'regclass text of the source' },
      { name: 'cdc_mode', type: 'text', nullable: false, description: 'TRIGGER, TRANSITIONING or WAL' },
      { name: 'slot_name', type: 'text', nullable: true },
      { name: 'lag_bytes', type: 'bigint', nullable: true },
      { name: 'confirmed_lsn', type: 'text', nullable: true },
      { name: 'alert', type: 'text', nullable: true, description: 'NULL when healthy; always NULL in TRIGGER mode' },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: false,
  ref: '5.13',
  description: 'Change-capture health per source table. A source is healthy exactly when alert IS NULL.',
} as const satisfies SqlFunction;
