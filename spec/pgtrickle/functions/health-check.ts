import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.health_check()`: observed §7. */
export const healthCheck = {
  name: 'health_check',
  args: [],
  returns: {
    kind: 'table',
    columns: [
      {
        name: 'check_name',
        type: 'text',
        nullable: false,
        description: 'scheduler_running, error_tables, stale_tables, needs_reinit, consecutive_errors, buffer_growth, slot_lag, worker_pool, job_queue',
      },
      { name: 'severity', type: 'text', nullable: false, description: 'OK, WARN or ERROR' },
      { name: 'detail', type: 'text', nullable: false },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: true,
  ref: '7',
  description: 'Nine health checks of the extension in this database; without shared_preload_libraries, scheduler_running is ERROR.',
} as const satisfies SqlFunction;
