import type { SqlFunction } from '../../types.ts';

/** `pgstream.pg_stream_hash` and `pg_stream_hash_multi`: reference §5.14. Used for __pgs_row_id. */
export const pgStreamHash = {
  name: 'pg_stream_hash',
  args: [{ name: 'input', type: 'text', onNull: { kind: 'strict-no-op' }, description: 'Text to hash.' }],
  returns: { kind: 'scalar', type: 'bigint' },
  strict: true,
  volatility: 'immutable',
  parallelSafe: true,
  errors: [],
  wrapped: false,
  ref: '5.14',
  description: '64-bit XXH64 hash of the text as a signed bigint.',
} as const satisfies SqlFunction;
