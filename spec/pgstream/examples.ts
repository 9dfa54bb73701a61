import { commonDay2Examples, suspendedExample } from '../common/examples.ts';
import type { Day2Example } from '../types.ts';

/**
 * The package README's "Day 2" section: each example is shown there as written here, and run as written by the
 * day2 scenario (integration_tests/scenarios/day2.test.ts) against the integration project, with `analytics`
 * standing for the scenario's schema. An example that stops working fails that scenario.
 */
const names = { ns: 'dbt_pgstream', prefix: 'pgstream', title: 'pg_stream' };

export const day2Examples = [
  ...commonDay2Examples(names),
  suspendedExample(
    { ...names, apiSchema: 'pgstream' },
    'pg_stream suspends a stream table after repeated failed scheduled refreshes. Find the cause in its history (<history>), fix it, then resume it:',
  ),
] as const satisfies readonly Day2Example[];
