import type { SqlFunction } from '../../types.ts';

/** `pgstream.refresh_stream_table`: reference §3, §5.5. Synchronous, in the caller's transaction. */
export const refreshStreamTable = {
  name: 'refresh_stream_table',
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
  infoMessage: 'Stream table <s.t> refreshed (<MODE>)',
  errors: [
    'stream table not found: <s.t>',
    "invalid argument: stream table <s.t> is suspended; use pgstream.resume_stream_table('<x>') first",
    'refresh skipped: <s.t> — another refresh is already in progress',
  ],
  wrapped: true,
  ref: '5.5',
  description: 'Refreshes a stream table now (FULL reload, or the captured changes in DIFFERENTIAL mode); sets it ACTIVE. Refuses SUSPENDED tables.',
} as const satisfies SqlFunction;
