import type { CatalogRelation, Column } from '../../types.ts';
import { pgsStreamTables } from './pgs-stream-tables.ts';

/** `pgstream.stream_tables_info`: reference §8.5 (all 20 catalog columns + staleness + stale). */
export const streamTablesInfo = {
  name: 'stream_tables_info',
  kind: 'view',
  columns: [
    ...pgsStreamTables.columns.map(({ name, type, nullable }): Column => ({ name, type, nullable })),
    { name: 'staleness', type: 'interval', nullable: true, description: 'now() - data_timestamp' },
    { name: 'stale', type: 'boolean', nullable: true, description: 'Older than a duration schedule; NULL for cron, CALCULATED or never populated.' },
  ],
  ref: '8.5',
  description: 'The catalog plus staleness.',
} as const satisfies CatalogRelation;
