import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.drop_stream_table`: observed §1, T12. STRICT. */
export const dropStreamTable = {
  name: 'drop_stream_table',
  args: [
    {
      name: 'name',
      type: 'text',
      onNull: { kind: 'strict-no-op' },
      description: "Stream table 'schema.name', unquoted lower case. There is no IF EXISTS form.",
    },
    {
      name: 'cascade',
      type: 'boolean',
      default: { value: false },
      onNull: { kind: 'strict-no-op' },
      description: 'true: also drop the stream tables that read this one (dependents first, one INFO each); false: refuse when there are any.',
    },
  ],
  returns: { kind: 'scalar', type: 'void' },
  strict: true,
  volatility: 'volatile',
  infoMessage: 'Stream table <s.t> dropped (pgt_id=<N>)',
  errors: [
    'stream table not found: <s.t>',
    'invalid argument: stream table <s.t> has dependent stream tables: <list>. Use cascade => true to drop them automatically.',
  ],
  wrapped: true,
  ref: '1',
  description:
    "Drops a stream table: storage table, catalog rows and unused change capture. Leaves behind the function <schema>._pgt_guard_<name>() (so DROP SCHEMA fails) and, for a source's last consumer, its change buffer table.",
} as const satisfies SqlFunction;
