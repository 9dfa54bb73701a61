import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.change_buffer_sizes()`: observed §3, §7. */
export const changeBufferSizes = {
  name: 'change_buffer_sizes',
  args: [],
  returns: {
    kind: 'table',
    columns: [
      { name: 'stream_table', type: 'text', nullable: false, description: "'schema.name'" },
      { name: 'source_table', type: 'text', nullable: false, description: "'schema.name'" },
      { name: 'source_oid', type: 'bigint', nullable: false },
      { name: 'cdc_mode', type: 'text', nullable: false, description: 'TRIGGER, TRANSITIONING or WAL' },
      { name: 'pending_rows', type: 'bigint', nullable: false },
      { name: 'buffer_bytes', type: 'bigint', nullable: false },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: false,
  ref: '7',
  description: 'Pending captured changes per stream table and source (sample: x.c5 | x.s2 | 18069 | TRIGGER | 2 | 32768).',
} as const satisfies SqlFunction;
