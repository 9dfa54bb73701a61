import type { Limitation } from '../types.ts';

/**
 * The package README's Limitations table: what pg_stream 0.1.1 was observed to do (../shared/reference/pgstream-observed.md),
 * what the package does about it, and what a user can do. Each row is tested against the real extension by a scenario.
 */
export const limitations: readonly Limitation[] = [
  {
    behaviour:
      "`create_stream_table` crashes (a Rust panic) on a non-ASCII character that its query splitter reads in the wrong place: it slices the text five bytes at a time outside `'...'` strings and `\"...\"` identifiers, knowing no comments, dollar quotes or `E'...'` escapes",
    packageAnswer:
      'Sends the query without comments, and refuses, before any statement, a query that would still crash, naming the model, the character, its line and column',
    whatToDo:
      "Write the character as a Unicode escape (`U&'\\00FC'`, `U&\"\\00FC\"`), or write dollar-quoted and `E'...'` strings before it as plain `'...'` literals",
  },
  {
    behaviour:
      'Comments are read as query text: a comment containing the word `from` corrupts DIFFERENTIAL aggregates, and a final `--` comment or `;` breaks its validation',
    packageAnswer: 'The query pg_stream stores (`original_query`) is the compiled SQL without comments and without trailing `;`, ending in one newline',
    whatToDo: 'Nothing; re-runs compare against that text',
  },
  {
    behaviour: "A cron schedule (`'*/5 * * * *'`, `'@daily'`, any) is refreshed on every scheduler tick, about once a second, whatever the expression says",
    packageAnswer: 'Refuses cron schedules before any statement unless `allow_cron_schedule: true`',
    whatToDo: "Use a duration (`'5m'`, `'1h'`, `'1d'`)",
  },
  {
    behaviour:
      'An upstream dbt `table` or `view` model, or `seed --full-refresh`, gets a new OID: the stream table goes to `ERROR`, `drop_stream_table` then fails (`syntax error at or near "<oid>"`), and a manual refresh would silently miss changes',
    packageAnswer:
      "Replaces it in the same `dbt run` that rebuilt the upstream (and on `--full-refresh`, `drop_all_stream_tables`, `drop_all_stream_tables_force`): drops the storage table, which pg_stream's event trigger forgets, then removes the change buffer, capture functions and change-tracking row pg_stream leaves for a dropped source that no stream table reads any more. This is the only place the package touches pg_stream's internal objects",
    whatToDo: 'Prefer sources, seeds (a plain `dbt seed` truncates, which is captured) or incremental upstreams: each rebuild recreates the stream table',
  },
  {
    behaviour: 'A stream table over another stream table is never refreshed by the scheduler, yet its `data_timestamp` advances, so it looks fresh',
    packageAnswer:
      '`dbt run` warns for each such model with the command that refreshes it; `pgstream_check_freshness` reports it as `freshness unknown` (a warning), never as fresh',
    whatToDo: 'Refresh it with `pgstream_refresh` after its upstream, from your orchestrator',
  },
  {
    behaviour:
      'A DIFFERENTIAL query with `*` or `alias.*` (also in a subquery) fails at its first differential refresh, and a refresh that fails inside the scheduler stops it for every stream table of the database (status stays `ACTIVE`, no error is counted)',
    packageAnswer: 'Refuses `*` in a DIFFERENTIAL query before any statement, naming the model, line and column (`count(*)` is fine)',
    whatToDo: 'List the columns or use `refresh_mode: FULL`; set a table whose scheduled refresh fails to `status: SUSPENDED` until it is fixed',
  },
  {
    behaviour:
      'A DIFFERENTIAL semi-join (`EXISTS (...)`, `IN (subquery)`) counted one row too many after a change on the inner side, in a check by this project',
    packageAnswer: 'Passes it on',
    whatToDo: 'Use `refresh_mode: FULL` for such queries, or verify the results',
  },
  {
    behaviour:
      'DIFFERENTIAL `GROUP BY`: an item that is not a column the select list outputs under its own name (an expression, a position, a renamed or unselected column) fails at create (`column "(v % 2)" does not exist`); grouping by a select-list alias, `ROLLUP`/`CUBE`/`GROUPING SETS`, and a `GROUP BY` in a CTE or `UNION` branch build but fail at their first differential refresh (`column c.new_k does not exist`, `column st.__pgs_count does not exist`); `HAVING count(*)` fails at create (`syntax error at or near "*"`)',
    packageAnswer:
      'Refuses these `GROUP BY`s before any statement, naming the model, the item, its line and column, and the fix (a rule checked against pg_stream on a corpus of 32 queries); passes the `HAVING count(*)` error on',
    whatToDo:
      'Group the top-level `SELECT` by plain columns: compute a value in a subquery and group by its name (`select k, count(*) from (select v % 2 as k from ...) s group by k`); `count(col)` in `HAVING`; or `refresh_mode: FULL`',
  },
  {
    behaviour:
      "The storage table gets each column's type without its length: `character(n)` becomes `character(1)` and `bit(n)` `bit(1)`, so the first longer value fails the refresh (`value too long for type character(1)`), also for a table created empty or with `initialize: false`",
    packageAnswer: 'Refuses such output columns on create and replace, in the same transaction before anything changes, naming the model and the columns',
    whatToDo: 'Cast them to `text` or `varchar` in the model (`c::text`)',
  },
  {
    behaviour: 'A stream table created in a transaction that stayed open across a scheduler tick may not be scheduled',
    packageAnswer: 'Re-signals the scheduler (a no-change `alter_stream_table`) after every create and replace commits',
    whatToDo: 'Nothing',
  },
  {
    behaviour: '`schedule: none` (CALCULATED) is never refreshed by the scheduler once populated; `initialize: false` stays `INITIALIZING`',
    packageAnswer: 'As configured',
    whatToDo: '`pgstream_refresh`, or a duration / `status: ACTIVE`',
  },
  {
    behaviour: 'The scheduler serves only database `postgres`',
    packageAnswer: 'Warns once per run elsewhere',
    whatToDo: 'Use that database, or refresh from your orchestrator',
  },
  {
    behaviour: 'Only unquoted lower-case `schema.table` names work',
    packageAnswer: 'Refuses other aliases and schemas at compile time',
    whatToDo: 'Lower-case aliases and schemas',
  },
  {
    behaviour: '`alter_stream_table` cannot change the query',
    packageAnswer: 'A query change replaces the stream table in one transaction; views built on it are dropped (CASCADE) and named in the log',
    whatToDo: '`dbt run` rebuilds dbt views that are selected',
  },
  {
    behaviour: 'Two transactions creating stream tables over one new source collide (`duplicate key … pg_type_typname_nsp_index`)',
    packageAnswer: 'Serialises its creates, replaces and drops with an advisory lock',
    whatToDo: 'Nothing; with many threads, only that DDL waits',
  },
  {
    behaviour: 'Roles other than superusers get `permission denied for schema pgstream`',
    packageAnswer: 'Stops the run with one line naming the role',
    whatToDo: 'Run dbt as a superuser',
  },
  {
    behaviour:
      'DIFFERENTIAL queries with a comparison in `WHERE` print a false `WARNING: Defining query contains stable functions`; manual DIFFERENTIAL refreshes print `INFO: [PGS_PROFILE] …`',
    packageAnswer: 'Passes them on',
    whatToDo: 'Ignore them',
  },
  {
    behaviour: 'PostgreSQL older than 18',
    packageAnswer: 'The run stops with one line saying so',
    whatToDo: 'Upgrade',
  },
];
