import type { SqlFunction } from '../../types.ts';

/** `pgstream.drop_stream_table`: reference §3, §5.3. Drops the storage table CASCADE. */
export const dropStreamTable = {
  name: 'drop_stream_table',
  args: [
    {
      name: 'name',
      type: 'text',
      onNull: { kind: 'strict-no-op' },
      description: "Stream table 'schema.table' or 'table' (Rule A). There is no IF EXISTS form.",
    },
  ],
  returns: { kind: 'scalar', type: 'void' },
  strict: true,
  volatility: 'volatile',
  infoMessage: 'Stream table <s.t> dropped (pgs_id=<N>)',
  errors: ['stream table not found: <s.t>'],
  wrapped: true,
  ref: '5.3',
  description: 'Drops a stream table: its storage table (CASCADE, so dependent views go too), catalog row and unused change capture.',
} as const satisfies SqlFunction;
