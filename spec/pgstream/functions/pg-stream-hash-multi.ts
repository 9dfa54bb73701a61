import type { SqlFunction } from '../../types.ts';

/** `pgstream.pg_stream_hash_multi`: reference §5.14; not STRICT on the real extension (a NULL array raises). */
export const pgStreamHashMulti = {
  name: 'pg_stream_hash_multi',
  args: [{ name: 'inputs', type: 'text[]', onNull: { kind: 'error' }, description: 'Texts joined with 0x1E before hashing.' }],
  returns: { kind: 'scalar', type: 'bigint' },
  strict: false,
  volatility: 'immutable',
  parallelSafe: true,
  errors: [],
  wrapped: false,
  ref: '5.14',
  description: 'Hash of several texts (NULL elements encoded as \\0NULL\\0).',
} as const satisfies SqlFunction;
