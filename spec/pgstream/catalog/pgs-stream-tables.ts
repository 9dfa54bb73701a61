import type { CatalogRelation } from '../../types.ts';

/** `pgstream.pgs_stream_tables`: reference §8.1 (column order as created). */
export const pgsStreamTables = {
  name: 'pgs_stream_tables',
  kind: 'table',
  columns: [
    { name: 'pgs_id', type: 'bigint', nullable: false, default: 'nextval', description: 'Primary key, from a sequence (bigserial).' },
    { name: 'pgs_relid', type: 'oid', nullable: false, description: 'OID of the storage table.' },
    { name: 'pgs_name', type: 'text', nullable: false, description: 'Table name, exact case.' },
    { name: 'pgs_schema', type: 'text', nullable: false, description: 'Schema name, exact case.' },
    { name: 'defining_query', type: 'text', nullable: false, description: 'The query as stored: rewritten text if a rewrite fired, else the input verbatim.' },
    { name: 'original_query', type: 'text', nullable: true, description: 'The input verbatim, only when a rewrite fired; else NULL.' },
    { name: 'schedule', type: 'text', nullable: true, description: 'Trimmed duration or cron text; NULL = CALCULATED.' },
    { name: 'refresh_mode', type: 'text', nullable: false, default: "'DIFFERENTIAL'", check: 'refresh_mode' },
    { name: 'status', type: 'text', nullable: false, default: "'INITIALIZING'", check: 'status' },
    { name: 'is_populated', type: 'boolean', nullable: false, default: 'false' },
    { name: 'data_timestamp', type: 'timestamptz', nullable: true, description: 'As-of time of the data; NULL until populated.' },
    { name: 'frontier', type: 'jsonb', nullable: true },
    { name: 'last_refresh_at', type: 'timestamptz', nullable: true, description: 'Always equal to data_timestamp in 0.1.1.' },
    { name: 'consecutive_errors', type: 'integer', nullable: false, default: '0' },
    { name: 'needs_reinit', type: 'boolean', nullable: false, default: 'false' },
    { name: 'auto_threshold', type: 'double precision', nullable: true },
    { name: 'last_full_ms', type: 'double precision', nullable: true },
    { name: 'functions_used', type: 'text[]', nullable: true },
    { name: 'created_at', type: 'timestamptz', nullable: false, default: 'now()' },
    { name: 'updated_at', type: 'timestamptz', nullable: false, default: 'now()' },
  ],
  primaryKey: ['pgs_id'],
  unique: [{ columns: ['pgs_relid'] }, { name: 'idx_pgs_name', columns: ['pgs_schema', 'pgs_name'] }],
  indexes: [{ name: 'idx_pgs_status', columns: ['status'] }],
  ref: '8.1',
  description: 'One row per stream table.',
} as const satisfies CatalogRelation;
