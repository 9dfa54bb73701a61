import type { CatalogRelation } from '../../types.ts';

/** `pgtrickle.pgt_dependencies`: observed §4 (DAG edges), T9. */
export const pgtDependencies = {
  name: 'pgt_dependencies',
  kind: 'table',
  columns: [
    { name: 'pgt_id', type: 'bigint', nullable: false },
    { name: 'source_relid', type: 'oid', nullable: false, description: 'OID of the source; not updated when the source is rebuilt under the same name.' },
    { name: 'source_type', type: 'text', nullable: false, check: 'source_type' },
    { name: 'columns_used', type: 'text[]', nullable: true },
    { name: 'column_snapshot', type: 'jsonb', nullable: true },
    { name: 'schema_fingerprint', type: 'text', nullable: true },
    {
      name: 'cdc_mode',
      type: 'text',
      nullable: false,
      default: "'TRIGGER'",
      check: 'cdc_mode',
      description: 'Actual capture mode of this source (stayed TRIGGER with wal_level = replica).',
    },
    { name: 'slot_name', type: 'text', nullable: true },
    { name: 'decoder_confirmed_lsn', type: 'pg_lsn', nullable: true },
    { name: 'transition_started_at', type: 'timestamptz', nullable: true },
    { name: 'source_stable_name', type: 'text', nullable: true, description: 'Stable hash name of the source, used to name its change capture objects.' },
    { name: 'source_placement', type: 'text', nullable: false, default: "'local'" },
  ],
  primaryKey: ['pgt_id', 'source_relid'],
  indexes: [
    { name: 'idx_deps_source', columns: ['source_relid'] },
    { name: 'idx_deps_pgt_id', columns: ['pgt_id'] },
  ],
  foreignKeys: [{ columns: ['pgt_id'], references: 'pgt_stream_tables(pgt_id)', onDelete: 'CASCADE' }],
  ref: '4',
  description: 'Dependency edges: one row per source of each stream table (a stream table source has source_type STREAM_TABLE).',
} as const satisfies CatalogRelation;
