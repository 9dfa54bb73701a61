import type { CatalogRelation } from '../../types.ts';

/** `pgstream.pgs_change_tracking`: reference §8.4 (one row per tracked source table). */
export const pgsChangeTracking = {
  name: 'pgs_change_tracking',
  kind: 'table',
  columns: [
    { name: 'source_relid', type: 'oid', nullable: false },
    { name: 'slot_name', type: 'text', nullable: false },
    { name: 'last_consumed_lsn', type: 'pg_lsn', nullable: true },
    { name: 'tracked_by_pgs_ids', type: 'bigint[]', nullable: true },
  ],
  primaryKey: ['source_relid'],
  ref: '8.4',
  description: 'Change-capture bookkeeping per tracked source table.',
} as const satisfies CatalogRelation;
