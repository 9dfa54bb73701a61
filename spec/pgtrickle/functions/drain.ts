import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.drain`: observed §1 (STRICT), §3, §6. */
export const drain = {
  name: 'drain',
  args: [
    {
      name: 'timeout_s',
      type: 'integer',
      default: { value: 60 },
      onNull: { kind: 'strict-no-op' },
      description: 'Seconds to wait (the argument is timeout_s, not timeout); below 1 means the pg_trickle.drain_timeout setting.',
    },
  ],
  returns: { kind: 'scalar', type: 'boolean' },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: true,
  ref: '3',
  description:
    'Asks the scheduler to finish in-flight refreshes and waits: true when drained, false on timeout (the request is then cancelled). Observed: true within about 1 s, and the scheduler kept refreshing right after.',
} as const satisfies SqlFunction;
