import type { SqlFunction } from '../../types.ts';

/** `pgstream.explain_st`: reference §5.12. Name Rule B; unknown name = one ('error', …) row. */
export const explainSt = {
  name: 'explain_st',
  args: [{ name: 'name', type: 'text', onNull: { kind: 'strict-no-op' }, description: "Stream table (Rule B: unqualified means 'public')." }],
  returns: {
    kind: 'table',
    columns: [
      { name: 'property', type: 'text', nullable: false },
      { name: 'value', type: 'text', nullable: true },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: false,
  ref: '5.12',
  description: 'Properties of a stream table (pgs_name, defining_query, refresh_mode, status, is_populated, dvm_supported, …, frontier).',
} as const satisfies SqlFunction;
