import type { SqlFunction } from '../../types.ts';

/** `pgstream.resume_stream_table`: reference §3, §5.4. Present at 8685a567, absent from tag v0.1.1. */
export const resumeStreamTable = {
  name: 'resume_stream_table',
  args: [
    {
      name: 'name',
      type: 'text',
      onNull: { kind: 'strict-no-op' },
      description: "Stream table 'schema.table' or 'table' (Rule A).",
    },
  ],
  returns: { kind: 'scalar', type: 'void' },
  strict: true,
  volatility: 'volatile',
  absentFromTaggedRelease: true,
  infoMessage: 'Stream table <s.t> resumed (pgs_id=<N>)',
  errors: ['stream table not found: <s.t>', 'invalid argument: stream table <s.t> is not suspended (current status: <STATUS>)'],
  wrapped: true,
  ref: '5.4',
  description: 'Sets a SUSPENDED stream table back to ACTIVE and resets consecutive_errors; does not refresh it.',
} as const satisfies SqlFunction;
