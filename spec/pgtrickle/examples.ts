import type { Day2Example } from '../types.ts';

/** The package README's "Day 2" examples for pg_trickle: none yet (dbt-pgstream's are written for pg_stream 0.1.1). */
export const day2Examples = [] as const satisfies readonly Day2Example[];
