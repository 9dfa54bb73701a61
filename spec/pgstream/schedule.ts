import type { ScheduleGrammar } from '../types.ts';

/** Schedule grammar shared by create and alter (reference §10.1). */
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
  minimumDurationSecondsDefault: 60,
  calculatedBehaviour: {
    refreshedByScheduler: false,
    observed:
      "A CALCULATED schedule is never refreshed by pg_stream's scheduler once populated, so such a table grows stale unless something calls pgstream_refresh.",
  },
  errors: [
    'invalid argument: schedule cannot be empty',
    "invalid argument: invalid cron expression '<expr>': <parser message>",
    "invalid argument: invalid duration unit '<X>' in '<s>'. Use s (seconds), m (minutes), h (hours), d (days), w (weeks). Example: '5m', '1h30m', '2d'",
    "invalid argument: expected a number before '<unit>' in duration '<s>'",
    "invalid argument: trailing digits '<digits>' without a unit in duration '<s>'. Append s, m, h, d, or w. Example: '1h30m'",
    "invalid argument: schedule cannot be negative: '<s>'",
    'invalid argument: schedule must be at least <min>s, got <n>s',
  ],
  cronBehaviour: {
    observed:
      'pg_stream 0.1.1 refreshes a stream table with a cron schedule on every scheduler tick, about once a second, whatever the expression says (its due check cannot read the last refresh time)',
  },
  ref: '10.1',
} as const satisfies ScheduleGrammar;
