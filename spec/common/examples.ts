import type { Day2Example } from '../types.ts';

/** The names a target's Day 2 examples are written in. */
export interface ExampleNames {
  /** The dbt project name (`dbt_pgstream`): the tests are called through it. */
  readonly ns: string;
  /** The package's macro prefix (`pgstream`): `<prefix>_status`, `<prefix>_resume_stream_table`. */
  readonly prefix: string;
  /** How prose names the extension (`pg_stream`). */
  readonly title: string;
}

/**
 * The Day 2 examples every target's package README has, in the target's names: each is shown as written and run
 * as written by the day2 scenario (integration_tests/scenarios/day2.test.ts) against the integration project, with
 * `analytics` standing for the scenario's schema. A target's spec/<id>/examples.ts adds its own.
 */
export function commonDay2Examples(n: ExampleNames) {
  return [
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
          contents: `version: 2\nmodels:\n  - name: daily_revenue\n    data_tests:\n      - ${n.ns}.stream_table_healthy\n      - ${n.ns}.stream_table_fresh:\n          arguments:\n            max_staleness: '15m'\n`,
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
      text: `One line per stream table model: status, mode, schedule, staleness, errors, last refresh, rows, and whether ${n.title}'s catalog agrees with the model. \`fail_on: error\` gates a deployment on it.`,
      files: [],
      commands: [`dbt run-operation ${n.prefix}_status --args '{fail_on: error}'`],
    },
    {
      id: 'orphans',
      title: 'Clean up orphans',
      text: "A stream table in the project's schemas that no model defines any more (a deleted model) is listed as an orphan. Dropping is opt-in and a dry run by default.",
      files: [],
      commands: [
        `dbt run-operation ${n.prefix}_status --args '{drop_orphans: true}'`,
        `dbt run-operation ${n.prefix}_status --args '{drop_orphans: true, dry_run: false}'`,
      ],
    },
    {
      id: 'error',
      title: 'A stream table in ERROR',
      text: `${n.title} sets ERROR when a source was dropped, for example when dbt rebuilt an upstream table or ran \`seed --full-refresh\`. \`dbt run\` replaces such a stream table (the model must be selected).`,
      files: [],
      commands: ['dbt run --select daily_revenue'],
    },
  ] as const satisfies readonly Day2Example[];
}

/** The 'suspended' example: how the target suspends a table (`why`), then the resume command. */
export function suspendedExample(n: ExampleNames & { readonly apiSchema: string }, why: string): Day2Example {
  return {
    id: 'suspended',
    title: 'A SUSPENDED stream table',
    text: why.replace('<history>', `\`select * from ${n.apiSchema}.get_refresh_history('analytics.daily_revenue')\``),
    files: [],
    commands: [`dbt run-operation ${n.ns}.${n.prefix}_resume_stream_table --args '{name: analytics.daily_revenue}'`],
  };
}
