import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.parse_duration_seconds`: observed §1 (STRICT), §2; IMMUTABLE PARALLEL SAFE as the install script declares it. */
export const parseDurationSeconds = {
  name: 'parse_duration_seconds',
  args: [{ name: 'input', type: 'text', onNull: { kind: 'strict-no-op' }, description: "A duration string such as '5m', '1h30m' or '60'." }],
  returns: { kind: 'scalar', type: 'bigint' },
  strict: true,
  volatility: 'immutable',
  parallelSafe: true,
  errors: [],
  wrapped: false,
  ref: '2',
  description: "Seconds of a duration string ('1h30m' = 5400, '60' = 60); NULL for anything unparsable, including cron expressions. No minimum check.",
} as const satisfies SqlFunction;
