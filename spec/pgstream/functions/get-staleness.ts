import type { SqlFunction } from '../../types.ts';

/** `pgstream.get_staleness`: reference §5.10. Name Rule B; NULL when unknown or never populated. */
export const getStaleness = {
  name: 'get_staleness',
  args: [{ name: 'name', type: 'text', onNull: { kind: 'strict-no-op' }, description: "Stream table (Rule B: unqualified means 'public')." }],
  returns: { kind: 'scalar', type: 'double precision' },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: true,
  ref: '5.10',
  description: 'Seconds since data_timestamp; NULL if the table is unknown or was never populated.',
} as const satisfies SqlFunction;
