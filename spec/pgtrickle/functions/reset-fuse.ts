import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.reset_fuse`: observed §1 (STRICT), §1b. */
export const resetFuse = {
  name: 'reset_fuse',
  args: [
    { name: 'name', type: 'text', onNull: { kind: 'strict-no-op' }, description: "Stream table 'schema.name' whose fuse is blown." },
    {
      name: 'action',
      type: 'text',
      default: { value: 'apply' },
      onNull: { kind: 'strict-no-op' },
      description:
        "'apply' (re-arm; the pending changes are applied at the next refresh), 'reinitialize' (re-arm and mark for reinitialization) or 'skip_changes' (re-arm and discard the pending changes: the table is then out of step with its source); any case, trimmed.",
    },
  ],
  returns: { kind: 'scalar', type: 'void' },
  strict: true,
  volatility: 'volatile',
  infoMessage: "pg_trickle: fuse reset for <s.t> with action '<action>'",
  errors: [
    'stream table not found: <s.t>',
    'invalid argument: fuse is not blown for <s.t> (current state: <STATE>)',
    "invalid argument: invalid reset_fuse action: '<value>' (expected 'apply', 'reinitialize', or 'skip_changes')",
  ],
  wrapped: true,
  ref: '1',
  description: 'Re-arms a blown fuse and sets the stream table ACTIVE again. Refuses a fuse that is not blown (checked before the action).',
} as const satisfies SqlFunction;
