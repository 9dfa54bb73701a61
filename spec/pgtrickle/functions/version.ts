import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.version()`: observed §7; IMMUTABLE PARALLEL SAFE as the install script declares it. */
export const version = {
  name: 'version',
  args: [],
  returns: { kind: 'scalar', type: 'text' },
  strict: true,
  volatility: 'immutable',
  parallelSafe: true,
  errors: [],
  wrapped: false,
  ref: '7',
  description: "The loaded library's version ('0.48.0'), which can differ from the installed extension's after an update without a restart.",
} as const satisfies SqlFunction;
