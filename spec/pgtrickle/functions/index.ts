import type { SqlFunction } from '../../types.ts';
import { alterStreamTable } from './alter-stream-table.ts';
import { changeBufferSizes } from './change-buffer-sizes.ts';
import { checkCdcHealth } from './check-cdc-health.ts';
import { createStreamTable } from './create-stream-table.ts';
import { dependencyTree } from './dependency-tree.ts';
import { drain } from './drain.ts';
import { dropStreamTable } from './drop-stream-table.ts';
import { explainRefreshMode } from './explain-refresh-mode.ts';
import { fuseStatus } from './fuse-status.ts';
import { getRefreshHistory } from './get-refresh-history.ts';
import { getStaleness } from './get-staleness.ts';
import { healthCheck } from './health-check.ts';
import { isDrained } from './is-drained.ts';
import { parseDurationSeconds } from './parse-duration-seconds.ts';
import { pgtStatus } from './pgt-status.ts';
import { refreshStreamTable } from './refresh-stream-table.ts';
import { resetFuse } from './reset-fuse.ts';
import { resumeStreamTable } from './resume-stream-table.ts';
import { validateQuery } from './validate-query.ts';
import { version } from './version.ts';

/** The pg_trickle 0.48.0 functions the package uses, in the order the docs list them. */
export const functions = [
  createStreamTable,
  alterStreamTable,
  dropStreamTable,
  refreshStreamTable,
  resumeStreamTable,
  parseDurationSeconds,
  pgtStatus,
  explainRefreshMode,
  validateQuery,
  healthCheck,
  checkCdcHealth,
  fuseStatus,
  resetFuse,
  drain,
  isDrained,
  getRefreshHistory,
  getStaleness,
  changeBufferSizes,
  dependencyTree,
  version,
] as const satisfies readonly SqlFunction[];
