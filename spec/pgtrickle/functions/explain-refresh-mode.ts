import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.explain_refresh_mode`: observed §1 (STRICT), §1a, §7, T16. */
export const explainRefreshMode = {
  name: 'explain_refresh_mode',
  args: [{ name: 'name', type: 'text', onNull: { kind: 'strict-no-op' }, description: "Stream table 'schema.name'." }],
  returns: {
    kind: 'table',
    columns: [
      { name: 'configured_mode', type: 'text', nullable: false, description: 'pgt_stream_tables.refresh_mode (never AUTO)' },
      { name: 'effective_mode', type: 'text', nullable: true, description: "effective_refresh_mode: the last refresh's strategy" },
      { name: 'downgrade_reason', type: 'text', nullable: true },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: ["diagnostic error: stream table '<name>' not found"],
  wrapped: true,
  ref: '7',
  description:
    'Configured and effective refresh mode of a stream table, with a reason when they differ. An AUTO table that fell back to FULL shows (FULL, FULL, NULL): it cannot be told from an explicit FULL.',
} as const satisfies SqlFunction;
