import type { ScheduleGrammar } from '../types.ts';

/** Schedule grammar shared by create and alter, as observed (docs/pgtrickle-observed.md §2, T2). */
export const schedule = {
  durationUnits: [
    { unit: 's', seconds: 1, word: 'seconds' },
    { unit: 'm', seconds: 60, word: 'minutes' },
    { unit: 'h', seconds: 3600, word: 'hours' },
    { unit: 'd', seconds: 86400, word: 'days' },
    { unit: 'w', seconds: 604800, word: 'weeks' },
  ],
  cronPrefix: '@',
  cronAliases: ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly'],
  cronFieldCounts: [5, 6],
  minimumDurationSecondsDefault: 1,
  calculatedKeyword: 'calculated',
  calculatedBehaviour: {
    refreshedByScheduler: true,
    observed:
      "pg_trickle's scheduler refreshes a CALCULATED stream table with the stream tables that read it, or every pg_trickle.default_schedule_seconds (1 s) when none does.",
  },
  errors: [
    'invalid argument: schedule cannot be empty',
    "invalid argument: invalid cron expression '<expr>': <parser message>",
    "invalid argument: invalid duration unit '<X>' in '<s>'. Use s (seconds), m (minutes), h (hours), d (days), w (weeks). Example: '5m', '1h30m', '2d'",
    "invalid argument: trailing digits '<digits>' without a unit in duration '<s>'. Append s, m, h, d, or w. Example: '1h30m'",
    "invalid argument: schedule cannot be negative: '<s>'",
    'invalid argument: schedule must be at least <min>s, got <n>s',
    "invalid argument: use 'calculated' instead of NULL to set CALCULATED schedule",
  ],
  cronBehaviour: {
    observed:
      "pg_trickle 0.48.0 refreshes a stream table with a cron schedule on every scheduler tick, about every 1.2-1.5 s, whatever the expression says (even '0 0 1 1 *')",
  },
  ref: '2',
} as const satisfies ScheduleGrammar;
