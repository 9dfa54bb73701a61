import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.refresh_stream_table`: observed §1, T10, T14. STRICT; synchronous, in the caller's transaction. */
export const refreshStreamTable = {
  name: 'refresh_stream_table',
  args: [{ name: 'name', type: 'text', onNull: { kind: 'strict-no-op' }, description: "Stream table 'schema.name', unquoted lower case." }],
  returns: { kind: 'scalar', type: 'void' },
  strict: true,
  volatility: 'volatile',
  infoMessage: 'Stream table <s.t> refreshed (<DETAIL>)',
  errors: [
    'stream table not found: <s.t>',
    "invalid argument: stream table <s.t> is suspended ; use pgtrickle.resume_stream_table('<s.t>') first",
    "invalid argument: stream table <s.t> is in error state ; use pgtrickle.resume_stream_table('<s.t>') first",
  ],
  wrapped: true,
  ref: '1',
  description:
    "Refreshes a stream table now (DETAIL: 'DIFFERENTIAL: +<ins> -<del>', 'FULL' or 'FULL, no-op — data_timestamp preserved'); an unpopulated table gets a FULL refresh first. Writes a MANUAL history row. Refuses SUSPENDED and ERROR tables; a concurrent refresh gives only a NOTICE 'refresh skipped: …'.",
} as const satisfies SqlFunction;
