import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.validate_query`: observed §1 (STRICT), §7. */
export const validateQuery = {
  name: 'validate_query',
  args: [{ name: 'query', type: 'text', onNull: { kind: 'strict-no-op' }, description: 'A defining query to check, without creating anything.' }],
  returns: {
    kind: 'table',
    columns: [
      {
        name: 'check_name',
        type: 'text',
        nullable: false,
        description: 'e.g. resolved_refresh_mode, aggregate, volatility, needs_pgt_count, window_function, dvm_parse_error',
      },
      { name: 'result', type: 'text', nullable: false, description: "e.g. 'DIFFERENTIAL' or 'FULL' for resolved_refresh_mode" },
      { name: 'severity', type: 'text', nullable: false, description: 'INFO, WARNING or ERROR' },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: true,
  ref: '7',
  description:
    "What AUTO would resolve to and why, one row per check; an ERROR row means create would fail. A syntax error raises PostgreSQL's error. A trailing ';' validates fine but create rejects it, and a volatile function shows only a WARNING row while create rejects it.",
} as const satisfies SqlFunction;
