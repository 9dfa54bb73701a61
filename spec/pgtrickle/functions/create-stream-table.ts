import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.create_stream_table`: observed §1, §1a, §2, T7, T8, T10, T14, T15. Not STRICT; 16 arguments. */
export const createStreamTable = {
  name: 'create_stream_table',
  args: [
    {
      name: 'name',
      type: 'text',
      onNull: { kind: 'error' },
      description:
        "Target 'schema.name', unquoted lower case only; an unqualified name goes to the first schema of search_path. Stored in pgt_schema, pgt_name.",
    },
    {
      name: 'query',
      type: 'text',
      onNull: { kind: 'error' },
      description:
        'Defining SELECT. No trailing semicolon, no trailing `--` comment without a newline. Kept byte for byte as COALESCE(original_query, defining_query).',
    },
    {
      name: 'schedule',
      type: 'text',
      default: { value: 'calculated' },
      onNull: { kind: 'error' },
      description:
        "'calculated' (any case; stored NULL), a duration ('30s', '1h30m', '60') or cron ('*/5 * * * *', '@hourly'); trimmed. NULL is rejected: use 'calculated'.",
    },
    {
      name: 'refresh_mode',
      type: 'text',
      default: { value: 'AUTO' },
      onNull: { kind: 'error' },
      description:
        "'AUTO' (stored DIFFERENTIAL, or FULL when the query cannot be maintained incrementally), 'FULL', 'DIFFERENTIAL' ('INCREMENTAL' is an alias) or 'IMMEDIATE'; any case, not trimmed.",
    },
    {
      name: 'initialize',
      type: 'boolean',
      default: { value: true },
      onNull: { kind: 'error' },
      description: 'true: populate now; false: stays INITIALIZING and unpopulated, never picked up by the scheduler.',
    },
    {
      name: 'diamond_consistency',
      type: 'text',
      default: { value: null },
      onNull: { kind: 'meaningful', meaning: "the column default 'atomic'" },
      description: "'none' or 'atomic', any case; stored lower case.",
    },
    {
      name: 'diamond_schedule_policy',
      type: 'text',
      default: { value: null },
      onNull: { kind: 'meaningful', meaning: "the column default 'fastest'" },
      description: "'fastest' or 'slowest', any case; 'slowest' requires diamond_consistency 'atomic'.",
    },
    {
      name: 'cdc_mode',
      type: 'text',
      default: { value: null },
      onNull: { kind: 'meaningful', meaning: 'requested_cdc_mode stays NULL: the pg_trickle.cdc_mode setting (default auto) applies' },
      description: "'auto', 'trigger' or 'wal' (any case, trimmed); stored in requested_cdc_mode. 'wal' needs wal_level = logical.",
    },
    {
      name: 'append_only',
      type: 'boolean',
      default: { value: false },
      onNull: { kind: 'error' },
      description: 'Sources only receive inserts: allowed with DIFFERENTIAL or AUTO over keyed sources only. Stored in is_append_only.',
    },
    {
      name: 'pooler_compatibility_mode',
      type: 'boolean',
      default: { value: false },
      onNull: { kind: 'error' },
      description: 'Refresh with inline SQL instead of PREPARE/EXECUTE and without NOTIFY (transaction-mode poolers such as PgBouncer).',
    },
    {
      name: 'partition_by',
      type: 'text',
      default: { value: null },
      onNull: { kind: 'meaningful', meaning: 'storage table not partitioned' },
      description:
        "Output column(s) to partition the storage table by: 'id' or 'id,v' (RANGE), 'LIST:v', 'HASH:id:4'. Not with IMMEDIATE. Stored in st_partition_key as given.",
    },
    {
      name: 'max_differential_joins',
      type: 'integer',
      default: { value: null },
      onNull: { kind: 'meaningful', meaning: 'no limit' },
      description: 'Refresh FULL when the query joins more scans than this. Not range-checked at create (-1 and 0 are stored as given).',
    },
    {
      name: 'max_delta_fraction',
      type: 'double precision',
      default: { value: null },
      onNull: { kind: 'meaningful', meaning: 'no limit' },
      description: 'Refresh FULL when the pending changes exceed this fraction of the table. Not range-checked at create (-1, 0 and 5 are stored as given).',
    },
    {
      name: 'output_distribution_column',
      type: 'text',
      default: { value: null },
      onNull: { kind: 'meaningful', meaning: 'storage table not distributed' },
      description: 'Citus distribution column of the storage table; without Citus any value is an error.',
    },
    {
      name: 'temporal',
      type: 'boolean',
      default: { value: false },
      onNull: { kind: 'error' },
      description: 'Temporal mode: adds __pgt_valid_from and __pgt_valid_to to the storage table. Stored in temporal_mode.',
    },
    {
      name: 'storage_backend',
      type: 'text',
      default: { value: null },
      onNull: { kind: 'meaningful', meaning: "the column default 'heap'" },
      description:
        "'heap', 'none', 'citus' or 'pg_mooncake', any case, stored lower case; citus and pg_mooncake are accepted without those extensions and the storage stays a heap table.",
    },
  ],
  returns: { kind: 'scalar', type: 'void' },
  strict: false,
  volatility: 'volatile',
  infoMessage: 'Stream table <s.t> created (pgt_id=<N>, mode=<MODE>, initialized=<bool>)',
  errors: [
    "invalid argument: use 'calculated' instead of NULL to set CALCULATED schedule",
    "invalid argument: unknown refresh mode: <INPUT>. Must be 'AUTO', 'FULL', 'DIFFERENTIAL', or 'IMMEDIATE'",
    "invalid argument: invalid diamond_consistency value: '<value>' (expected 'none' or 'atomic')",
    "invalid argument: invalid diamond_schedule_policy value: '<value>' (expected 'fastest' or 'slowest')",
    "invalid argument: diamond_schedule_policy = 'slowest' requires diamond_consistency = 'atomic'. The 'slowest' policy is only meaningful when atomic cross-branch reads are enabled. Set diamond_consistency = 'atomic' or use diamond_schedule_policy = 'fastest'.",
    "invalid argument: invalid cdc_mode value: '<value>' (expected 'auto', 'trigger', or 'wal')",
    "invalid argument: pg_trickle.cdc_mode = 'wal' requires wal_level = logical",
    "invalid argument: refresh_mode = 'IMMEDIATE' is incompatible with cdc_mode = 'wal'. IMMEDIATE uses in-transaction IVM triggers; WAL-based CDC is async. Use cdc_mode = 'trigger' or 'auto', or choose a deferred refresh_mode.",
    'invalid argument: append_only is not supported with FULL refresh mode. Use DIFFERENTIAL or AUTO refresh mode.',
    'invalid argument: append_only is not supported with IMMEDIATE refresh mode. Use DIFFERENTIAL or AUTO refresh mode.',
    'invalid argument: append_only is not supported for stream tables with keyless sources. Add a PRIMARY KEY to all source tables first.',
    'invalid argument: partition_by must contain at least one non-empty column name',
    "invalid argument: partition_by column '<col>' is not in the stream table's SELECT output. Available columns: <cols>",
    'invalid argument: partition_by is not supported with IMMEDIATE refresh mode. Use DIFFERENTIAL or AUTO refresh mode.',
    'invalid argument: output_distribution_column requires Citus to be installed and loaded',
    "invalid argument: invalid storage_backend '<value>': expected 'heap', 'citus', 'pg_mooncake', or 'none'",
    'unsupported operator for DIFFERENTIAL mode: <detail>',
    'stream table already exists: <s.t>',
  ],
  wrapped: true,
  ref: '1',
  description:
    'Creates a stream table: validates the query, creates the storage table, registers it in pgt_stream_tables and (by default) populates it. A failed create leaves nothing behind; schedule errors are those of the schedule grammar.',
} as const satisfies SqlFunction;
