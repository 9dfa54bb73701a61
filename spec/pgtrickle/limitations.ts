import type { Limitation } from '../types.ts';

/**
 * The package README's Limitations table: what pg_trickle 0.48.0 was observed to do (docs/pgtrickle-observed.md),
 * what the package does about it, and what a user can do.
 */
export const limitations: readonly Limitation[] = [
  {
    behaviour: "A cron schedule (`'*/5 * * * *'`, `'@hourly'`, even `'0 0 1 1 *'`) is refreshed on every scheduler tick, about every 1.2-1.5 s",
    packageAnswer: 'Refuses cron schedules before any statement unless `allow_cron_schedule: true`',
    whatToDo: "Use a duration (`'5m'`, `'1h'`, `'1d'`)",
  },
  {
    behaviour:
      "`alter_stream_table(refresh_mode => 'AUTO')` fails on every stream table (the catalog's CHECK), and `create_or_replace_stream_table` with AUTO fails on one whose AUTO fell back to FULL",
    packageAnswer:
      'Never sends AUTO to `alter_stream_table`: an AUTO model whose table is stored DIFFERENTIAL or FULL is unchanged, and a change to AUTO from IMMEDIATE recreates the table',
    whatToDo: 'Nothing',
  },
  {
    behaviour: 'A final `--` comment without a newline, or a trailing `;`, fails the create',
    packageAnswer: 'The query sent is the compiled SQL without comments and without trailing `;`, ending in one newline',
    whatToDo: 'Nothing; re-runs compare against that text',
  },
  {
    behaviour: 'Any `char(n)` output column fails the create (`value too long for type character(1)`)',
    packageAnswer: 'Refuses the model before any statement, naming the column',
    whatToDo: 'Cast it: `c::text` or `c::varchar(n)`',
  },
  {
    behaviour:
      'An upstream dbt `table` model or `seed --full-refresh` gets a new OID: the stream table goes to `ERROR`; `resume_stream_table` makes it ACTIVE but it then misses every change silently',
    packageAnswer: 'The next `dbt run` of the stream table model recreates a stream table in `ERROR` or reading a relation that no longer exists',
    whatToDo: 'Run the stream table models after their upstream models (`dbt run`/`dbt build` does)',
  },
  {
    behaviour: 'Every `drop_stream_table` leaves a function `<schema>._pgt_guard_<name>()` behind, so a later `DROP SCHEMA` fails',
    packageAnswer: 'Drops that function with the stream table',
    whatToDo: 'For stream tables dropped outside dbt: `drop function <schema>._pgt_guard_<name>()`',
  },
  {
    behaviour:
      'A failing scheduled refresh writes no history row: the stream table goes to `ERROR` with `consecutive_errors = 0`, or stays `ACTIVE` and only turns stale',
    packageAnswer: '`stream_table_healthy` fails on `ERROR` and `SUSPENDED`; `stream_table_fresh` and `pgtrickle_check_freshness` fail on staleness',
    whatToDo: 'Give each model both tests',
  },
  {
    behaviour:
      'A DIFFERENTIAL stream table over another one, run by the scheduler as one fused job, kept stale rows after updates and deletes in 3 of 9 chains observed',
    packageAnswer: 'None yet: the package cannot tell such a chain from a correct one',
    whatToDo: 'Make the downstream stream table FULL, or check it with a test comparing it to its query',
  },
  {
    behaviour:
      'Some queries are created and populated, then fail at their first differential refresh with changes (the table goes to `ERROR`, or keeps wrong rows): GROUP BY a select-list alias, ROLLUP/CUBE/GROUPING SETS, `alias.*`, a string constant holding an apostrophe, UNION/INTERSECT/EXCEPT branches that compute columns or read a subquery',
    packageAnswer:
      'Refuses each of them in DIFFERENTIAL and AUTO mode before any statement, naming the model, the place in the compiled SQL and what to write instead',
    whatToDo: "Rewrite as the message says (`chr(39)` for an apostrophe, GROUP BY the expression), or set `refresh_mode='FULL'`",
  },
  {
    behaviour:
      'Over a source table without a primary key, many DIFFERENTIAL stream tables without aggregation (a computed column such as `amount * 2`, a constant, even a plain column list with a WHERE) keep the old version of a row after an UPDATE of the source, and a deleted row after a DELETE; which queries are affected cannot be told from their text',
    packageAnswer:
      'Refuses, before anything is created or changed, a DIFFERENTIAL, AUTO or IMMEDIATE model whose outer SELECT does not aggregate when its query reads a table without a primary key (found by EXPLAIN, through views; stream tables count as keyed), unless `allow_keyless_source: true`',
    whatToDo:
      "Give the source tables a primary key (a dbt seed has none: build a table model with one over it), aggregate, or set `refresh_mode='FULL'`; `allow_keyless_source=true` for a query you have checked",
  },
  {
    behaviour:
      '`SELECT DISTINCT` with an alias or an expression in its list is rejected at create in AUTO, DIFFERENTIAL and IMMEDIATE with a misleading `syntax error at or near "as"` (or `column "col_1" does not exist`); nothing is created',
    packageAnswer: "None yet: the extension's error stops the run before anything changes",
    whatToDo: "Write `select cid, ... group by cid` instead of `select distinct`, or set `refresh_mode='FULL'`",
  },
];
