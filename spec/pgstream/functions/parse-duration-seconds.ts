import type { SqlFunction } from '../../types.ts';

/** `pgstream.parse_duration_seconds`: reference §5.6. No minimum check; NULL for cron or garbage. */
export const parseDurationSeconds = {
  name: 'parse_duration_seconds',
  args: [{ name: 'input', type: 'text', onNull: { kind: 'strict-no-op' }, description: "A duration string such as '5m' or '1h30m'." }],
  returns: { kind: 'scalar', type: 'bigint' },
  strict: true,
  volatility: 'immutable',
  parallelSafe: true,
  errors: [],
  wrapped: false,
  ref: '5.6',
  description: 'Seconds of a duration string; NULL for anything unparsable, including cron expressions.',
} as const satisfies SqlFunction;
