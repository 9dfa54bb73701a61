import type { SqlFunction } from '../../types.ts';

/** `pgstream.create_stream_table`: reference §3, §5.1, §6, §10.1-10.2. */
export const createStreamTable = {
  name: 'create_stream_table',
  args: [
    {
      name: 'name',
      type: 'text',
      onNull: { kind: 'error' },
      description: "Target 'schema.table' (split at the first dot) or 'table' (current_schema()); case-sensitive, unquoted.",
    },
    {
      name: 'query',
      type: 'text',
      onNull: { kind: 'error' },
      description: 'Defining SELECT; stored as given in original_query; pg_stream may rewrite it into defining_query. Must not end with a semicolon.',
    },
    {
      name: 'schedule',
      type: 'text',
      default: { value: '1m' },
      onNull: { kind: 'meaningful', meaning: 'CALCULATED schedule (stored as NULL; never refreshed by the scheduler once populated)' },
      description: "Duration ('5m', '1h30m', '90') or cron ('*/5 * * * *', '@hourly').",
    },
    {
      name: 'refresh_mode',
      type: 'text',
      default: { value: 'DIFFERENTIAL' },
      onNull: { kind: 'error' },
      description: "'FULL' or 'DIFFERENTIAL' (case-insensitive; 'INCREMENTAL' is an alias of DIFFERENTIAL).",
    },
    {
      name: 'initialize',
      type: 'boolean',
      default: { value: true },
      onNull: { kind: 'error' },
      description: 'true: populate now, in this transaction; false: leave empty with status INITIALIZING.',
    },
  ],
  returns: { kind: 'scalar', type: 'void' },
  strict: false,
  volatility: 'volatile',
  infoMessage: 'Stream table <s.t> created (pgs_id=<N>, mode=<MODE>, initialized=<bool>)',
  errors: [
    "invalid argument: unknown refresh mode: <INPUT>. Must be 'FULL' or 'DIFFERENTIAL'",
    'unsupported operator for DIFFERENTIAL mode: LIMIT is not supported in defining queries. Stream tables materialize the full result set.',
    'unsupported operator for DIFFERENTIAL mode: OFFSET is not supported in defining queries. Stream tables materialize the full result set.',
    'query parse error: Defining query returns no columns',
    'query parse error: Defining query must have a FROM clause (<parser details>)',
    'stream table already exists: <s.t>',
  ],
  wrapped: true,
  ref: '5.1',
  description: 'Creates a stream table: validates the query, creates the storage table, registers it in the catalog and (by default) populates it.',
} as const satisfies SqlFunction;
