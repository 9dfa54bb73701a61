import type { CatalogRelation } from '../../types.ts';

/** `pgtrickle.pgt_change_tracking`: observed §9 (rows) and T12; the column names read from the 0.48.0 install script. */
export const pgtChangeTracking = {
  name: 'pgt_change_tracking',
  kind: 'table',
  columns: [
    { name: 'source_relid', type: 'oid', nullable: false },
    { name: 'slot_name', type: 'text', nullable: false },
    { name: 'last_consumed_lsn', type: 'pg_lsn', nullable: true },
    {
      name: 'tracked_by_pgt_ids',
      type: 'bigint[]',
      nullable: true,
      description: 'Ids of the stream tables reading this source; keeps the ids of dropped ones.',
    },
    {
      name: 'source_stable_name',
      type: 'text',
      nullable: true,
      description: "16-hex hash naming the source's change buffer (pgtrickle_changes.changes_<hash>); NULL on rows from before 0.32.",
    },
    { name: 'source_placement', type: 'text', nullable: false, default: "'local'" },
    { name: 'frontier_per_node', type: 'jsonb', nullable: true, description: 'Per-node WAL frontier of a Citus distributed source; NULL for local sources.' },
  ],
  primaryKey: ['source_relid'],
  ref: '9',
  description:
    'Change-capture bookkeeping, one row per tracked source table. A source dropped and rebuilt under the same name keeps its old row beside the new one, both with the same hash, so the new source reuses the old change buffer (§9).',
} as const satisfies CatalogRelation;
