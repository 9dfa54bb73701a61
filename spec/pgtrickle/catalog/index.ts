import type { CatalogRelation } from '../../types.ts';
import { pgStatStreamTables } from './pg-stat-stream-tables.ts';
import { pgtChangeTracking } from './pgt-change-tracking.ts';
import { pgtDependencies } from './pgt-dependencies.ts';
import { pgtRefreshHistory } from './pgt-refresh-history.ts';
import { pgtStreamTables } from './pgt-stream-tables.ts';
import { streamTablesInfo } from './stream-tables-info.ts';

/** The pg_trickle 0.48.0 catalog relations the package reads or documents. */
export const catalog = [
  pgtStreamTables,
  pgtDependencies,
  pgtRefreshHistory,
  pgtChangeTracking,
  streamTablesInfo,
  pgStatStreamTables,
] as const satisfies readonly CatalogRelation[];
