import type { ScheduleGrammar } from './types.ts';

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
  ref: '10.1',
} as const satisfies ScheduleGrammar;
