import { commonDay2Examples, suspendedExample } from '../common/examples.ts';
import type { Day2Example } from '../types.ts';

/**
 * The package README's "Day 2" section for pg_trickle 0.48.0: each example is shown there as written here, and run
 * as written by the day2 scenario (integration_tests/scenarios/day2.test.ts) against the integration project, with
 * `analytics` standing for the scenario's schema. The operations pg_trickle adds (explain a model's refresh mode,
 * a blown fuse, drain) are here too (docs/pgtrickle-observed.md §1b, T13).
 */
const names = { ns: 'dbt_pgtrickle', prefix: 'pgtrickle', title: 'pg_trickle' };

export const day2Examples = [
  ...commonDay2Examples(names),
  suspendedExample(
    { ...names, apiSchema: 'pgtrickle' },
    "pg_trickle suspends a stream table after repeated failed scheduled refreshes (`pg_trickle.max_consecutive_errors`). Find the cause in its history (<history>), fix it, then resume it. To pause one on purpose, set `status='SUSPENDED'` in its config and run it; `status='ACTIVE'` resumes it.",
  ),
  {
    id: 'explain',
    title: 'How a table is refreshed',
    text: "With the default `refresh_mode` AUTO, pg_trickle maintains a query incrementally (DIFFERENTIAL) when it can and falls back to FULL when it cannot; the log of the `dbt run` that created the table says which. Ask pg_trickle for a table's configured mode and the strategy of its last refresh (0.48.0 gives no reason for an AUTO fallback: it reads as an explicit FULL):",
    files: [],
    commands: ["dbt run-operation pgtrickle_explain_refresh_mode --args '{name: analytics.daily_revenue}'"],
  },
  {
    id: 'fuse',
    title: 'A blown fuse after a bulk load',
    text: "With `fuse='on'`, pg_trickle suspends a stream table instead of refreshing it when more changes are pending than `fuse_ceiling` (a bulk load, a runaway job). See which fuses are blown; to let the load through, raise the ceiling for one run (in place), then re-arm the fuse with `apply`, which processes the pending changes. Re-armed under the old ceiling, pg_trickle 0.48.0 blows it again at its next tick (with `reinitialize` too). `skip_changes` drops the pending changes instead (the table is then out of step with its source until a full refresh).",
    files: [
      {
        path: 'models/order_counts.sql',
        contents:
          "{{ config(materialized='stream_table', schedule='2s', refresh_mode='DIFFERENTIAL', fuse='on',\n           fuse_ceiling=var('order_counts_fuse_ceiling', 10000)) }}\n\nselect customer_id, count(*) as orders\nfrom {{ ref('raw_orders') }}\ngroup by customer_id\n",
      },
    ],
    commands: [
      'dbt run-operation pgtrickle_fuse_status',
      "dbt run --select order_counts --vars '{order_counts_fuse_ceiling: 50000}'",
      "dbt run-operation pgtrickle_reset_fuse --args '{name: analytics.order_counts, action: apply}'",
    ],
  },
  {
    id: 'drain',
    title: 'Before maintenance: let running refreshes finish',
    text: "`pgtrickle_drain` asks pg_trickle's scheduler to finish the refreshes in flight, waits up to `timeout_s`, and logs whether it got there (false on timeout). The scheduler goes on scheduling right after, so pause what must stay still with `status='SUSPENDED'` first.",
    files: [],
    commands: ["dbt run-operation pgtrickle_drain --args '{timeout_s: 30}'"],
  },
] as const satisfies readonly Day2Example[];
