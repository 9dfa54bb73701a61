import type { SqlFunction } from '../../types.ts';

/** `pgstream._on_sql_drop()`: reference §5.15, §13. Internal event-trigger function. */
export const onSqlDrop = {
  name: '_on_sql_drop',
  args: [],
  returns: { kind: 'event_trigger' },
  strict: false,
  volatility: 'volatile',
  internal: true,
  errors: [],
  wrapped: false,
  ref: '13',
  description:
    'sql_drop event trigger (pg_stream_drop_tracker): removes the catalog row of a dropped storage table; sets dependents of a dropped source to ERROR.',
} as const satisfies SqlFunction;
