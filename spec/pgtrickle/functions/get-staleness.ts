import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.get_staleness`: observed §1 (signature, STRICT); behaviour read from its code, not run. */
export const getStaleness = {
  name: 'get_staleness',
  args: [
    { name: 'name', type: 'text', onNull: { kind: 'strict-no-op' }, description: "Stream table 'schema.name'; unqualified means 'public' (not search_path)." },
  ],
  returns: { kind: 'scalar', type: 'double precision' },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: true,
  ref: '1',
  description:
    'Seconds since data_timestamp (which moves only when data changed, T15, so a table without source changes grows stale here); NULL if the table is unknown or was never populated.',
} as const satisfies SqlFunction;
