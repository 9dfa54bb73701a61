import type { SqlFunction } from '../../types.ts';

/** `pgstream._on_ddl_end()`: reference §5.15, §13. Internal event-trigger function. */
export const onDdlEnd = {
  name: '_on_ddl_end',
  args: [],
  returns: { kind: 'event_trigger' },
  strict: false,
  volatility: 'volatile',
  internal: true,
  errors: [],
  wrapped: false,
  ref: '13',
  description: 'ddl_command_end event trigger (pg_stream_ddl_tracker): marks stream tables for reinitialisation when a source changes shape.',
} as const satisfies SqlFunction;
