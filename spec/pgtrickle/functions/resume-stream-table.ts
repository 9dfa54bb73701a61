import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.resume_stream_table`: observed §1, T9. STRICT. */
export const resumeStreamTable = {
  name: 'resume_stream_table',
  args: [{ name: 'name', type: 'text', onNull: { kind: 'strict-no-op' }, description: "Stream table 'schema.name', unquoted lower case." }],
  returns: { kind: 'scalar', type: 'void' },
  strict: true,
  volatility: 'volatile',
  infoMessage: 'Stream table <s.t> resumed (pgt_id=<N>)',
  errors: ['stream table not found: <s.t>', 'invalid argument: stream table <s.t> is not suspended or in error state (current status: <STATUS>)'],
  wrapped: true,
  ref: '1',
  description:
    'Sets a SUSPENDED or ERROR stream table back to ACTIVE and clears consecutive_errors and the last error; does not refresh it. After a source was rebuilt a DIFFERENTIAL table then silently misses changes: alter its query to repair it.',
} as const satisfies SqlFunction;
