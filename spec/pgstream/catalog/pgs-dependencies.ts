import type { CatalogRelation } from '../../types.ts';

/** `pgstream.pgs_dependencies`: reference §8.2 (DAG edges). */
export const pgsDependencies = {
  name: 'pgs_dependencies',
  kind: 'table',
  columns: [
    { name: 'pgs_id', type: 'bigint', nullable: false },
    { name: 'source_relid', type: 'oid', nullable: false },
    { name: 'source_type', type: 'text', nullable: false, check: 'source_type' },
    { name: 'columns_used', type: 'text[]', nullable: true },
    { name: 'column_snapshot', type: 'jsonb', nullable: true },
    { name: 'schema_fingerprint', type: 'text', nullable: true },
    { name: 'cdc_mode', type: 'text', nullable: false, default: "'TRIGGER'", check: 'cdc_mode' },
    { name: 'slot_name', type: 'text', nullable: true },
    { name: 'decoder_confirmed_lsn', type: 'pg_lsn', nullable: true },
    { name: 'transition_started_at', type: 'timestamptz', nullable: true },
  ],
  primaryKey: ['pgs_id', 'source_relid'],
  indexes: [{ name: 'idx_deps_source', columns: ['source_relid'] }],
  foreignKeys: [{ columns: ['pgs_id'], references: 'pgs_stream_tables(pgs_id)', onDelete: 'CASCADE' }],
  ref: '8.2',
  description: 'Dependency edges: one row per source of each stream table.',
} as const satisfies CatalogRelation;
