import type { Day2Example } from '../types.ts';

/**
 * The package README's "Day 2" section for pg_trickle 0.48.0: each example is shown there as written here, and run
 * as written by the day2 scenario (integration_tests/scenarios/day2.test.ts) against the integration project, with
 * `analytics` standing for the scenario's schema. The operations pg_trickle adds (explain a model's refresh mode,
 * a blown fuse, drain) are here too (docs/pgtrickle-observed.md §1b, T13).
 */
export const day2Examples = [
  {
    id: 'model',
    title: 'A stream table model with health and freshness tests',
    text: 'Group a DIFFERENTIAL aggregate by plain columns (compute expressions in a subquery), and give the model the two tests.',
    files: [
      {
        path: 'models/daily_revenue.sql',
        contents:
          "{{ config(materialized='stream_table', schedule='5m', tags=['hourly']) }}\n\nselect day, sum(amount) as revenue, count(*) as orders\nfrom (select created_at::date as day, amount from {{ ref('raw_orders') }}) as o\ngroup by day\n",
      },
      {
        path: 'models/daily_revenue.yml',
        contents:
          "version: 2\nmodels:\n  - name: daily_revenue\n    data_tests:\n      - dbt_pgtrickle.stream_table_healthy\n      - dbt_pgtrickle.stream_table_fresh:\n          arguments:\n            max_staleness: '15m'\n",
      },
    ],
    commands: ['dbt run --select daily_revenue', 'dbt test --select daily_revenue'],
    note: "Before dbt 1.10.5, put `max_staleness` directly under the test name (no `arguments:`); before dbt 1.8, write `tests:` for `data_tests:`. A failing test's row says why: see it with `dbt test --store-failures`.",
  },
  {
    id: 'ci',
    title: 'In CI: build, refresh in dependency order, test',
    text: 'A refresh of every stream table, each after the stream tables it reads, makes the tests see current data; the operation exits non-zero when a refresh fails.',
    files: [],
    commands: ['dbt run', 'dbt run-operation refresh_all_stream_tables', 'dbt test'],
  },
  {
    id: 'refresh-some',
    title: 'Refresh some of them',
    text: 'Select by model name or `tag:`; `continue_on_error` goes on past a failed refresh (the exit code still says it failed), skipping the stream tables that read a failed one, as dbt skips the children of a failed model. SUSPENDED tables are reported, not refreshed.',
    files: [],
    commands: ["dbt run-operation refresh_all_stream_tables --args '{select: [tag:hourly, order_totals], continue_on_error: true}'"],
  },
  {
    id: 'status',
    title: 'Read the status',
    text: "One line per stream table model: status, mode, schedule, staleness, errors, last refresh, rows, and whether pg_trickle's catalog agrees with the model. `fail_on: error` gates a deployment on it.",
    files: [],
    commands: ["dbt run-operation pgtrickle_status --args '{fail_on: error}'"],
  },
  {
    id: 'orphans',
    title: 'Clean up orphans',
    text: "A stream table in the project's schemas that no model defines any more (a deleted model) is listed as an orphan. Dropping is opt-in and a dry run by default.",
    files: [],
    commands: [
      "dbt run-operation pgtrickle_status --args '{drop_orphans: true}'",
      "dbt run-operation pgtrickle_status --args '{drop_orphans: true, dry_run: false}'",
    ],
  },
  {
    id: 'error',
    title: 'A stream table in ERROR',
    text: 'pg_trickle sets ERROR when a source was dropped, for example when dbt rebuilt an upstream table or ran `seed --full-refresh`. `dbt run` replaces such a stream table (the model must be selected).',
    files: [],
    commands: ['dbt run --select daily_revenue'],
  },
  {
    id: 'suspended',
    title: 'A SUSPENDED stream table',
    text: "pg_trickle suspends a stream table after repeated failed scheduled refreshes (`pg_trickle.max_consecutive_errors`). Find the cause in its history (`select * from pgtrickle.get_refresh_history('analytics.daily_revenue')`), fix it, then resume it. To pause one on purpose, set `status='SUSPENDED'` in its config and run it; `status='ACTIVE'` resumes it.",
    files: [],
    commands: ["dbt run-operation dbt_pgtrickle.pgtrickle_resume_stream_table --args '{name: analytics.daily_revenue}'"],
  },
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
