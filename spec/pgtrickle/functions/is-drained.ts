import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.is_drained()`: observed §1 (STRICT), §3, §6. */
export const isDrained = {
  name: 'is_drained',
  args: [],
  returns: { kind: 'scalar', type: 'boolean' },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: false,
  ref: '6',
  description:
    'Whether no drain request is pending. Defect: it is true before, during and after drains and without preload, so it says nothing about the scheduler.',
} as const satisfies SqlFunction;
