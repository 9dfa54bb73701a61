import type { CatalogRelation, Column } from '../../types.ts';
import { pgtStreamTables } from './pgt-stream-tables.ts';

/** `pgtrickle.stream_tables_info`: observed §4 (the 55 catalog columns + staleness, stale, is_topk). */
export const streamTablesInfo = {
  name: 'stream_tables_info',
  kind: 'view',
  columns: [
    ...pgtStreamTables.columns.map(({ name, type, nullable }): Column => ({ name, type, nullable })),
    { name: 'staleness', type: 'interval', nullable: true, description: 'now() - last_refresh_at' },
    {
      name: 'stale',
      type: 'boolean',
      nullable: true,
      description: 'Seconds since last_refresh_at exceed a duration schedule; NULL for calculated, cron and IMMEDIATE, and before a first refresh.',
    },
    { name: 'is_topk', type: 'boolean', nullable: false, description: 'topk_limit IS NOT NULL' },
  ],
  ref: '4',
  description: 'The catalog plus staleness.',
} as const satisfies CatalogRelation;
