import type { SqlFunction } from '../../types.ts';

/** `pgstream.alter_stream_table`: reference §3, §5.2. NULL always means "leave unchanged". */
export const alterStreamTable = {
  name: 'alter_stream_table',
  args: [
    {
      name: 'name',
      type: 'text',
      onNull: { kind: 'error' },
      description: "Stream table 'schema.table' or 'table' (Rule A).",
    },
    {
      name: 'schedule',
      type: 'text',
      default: { value: null },
      onNull: { kind: 'meaningful', meaning: 'leave unchanged (a CALCULATED schedule cannot be set with alter)' },
      description: 'New schedule, validated as in create (including the minimum duration).',
    },
    {
      name: 'refresh_mode',
      type: 'text',
      default: { value: null },
      onNull: { kind: 'meaningful', meaning: 'leave unchanged' },
      description: "New refresh mode, stored as upper(input): pass 'FULL' or 'DIFFERENTIAL'.",
    },
    {
      name: 'status',
      type: 'text',
      default: { value: null },
      onNull: { kind: 'meaningful', meaning: 'leave unchanged' },
      description: 'New status: INITIALIZING, ACTIVE, SUSPENDED or ERROR (case-insensitive). ACTIVE also resets consecutive_errors.',
    },
  ],
  returns: { kind: 'scalar', type: 'void' },
  strict: false,
  volatility: 'volatile',
  errors: [
    'stream table not found: <s.t>',
    "invalid argument: unknown refresh mode: <INPUT>. Must be 'FULL' or 'DIFFERENTIAL'",
    'invalid argument: unknown status: <INPUT>',
  ],
  wrapped: true,
  ref: '5.2',
  description: 'Changes the schedule, refresh mode or status of a stream table in place; cannot change the query.',
} as const satisfies SqlFunction;
