import type { EnumType } from '../types.ts';

/** Closed value sets of pg_stream 0.1.1 (reference §8, §10.4, §11). */
export const enums = [
  {
    name: 'refresh_mode',
    values: ['FULL', 'DIFFERENTIAL'],
    checkValues: ['FULL', 'DIFFERENTIAL', 'DIFFERENTIAL'],
    caseInsensitiveInput: true,
    aliases: { INCREMENTAL: 'DIFFERENTIAL' },
    ref: '11',
    description: "How a refresh works. 'INCREMENTAL' is accepted by create as an alias (alter rejects it through the CHECK).",
  },
  {
    name: 'status',
    values: ['INITIALIZING', 'ACTIVE', 'SUSPENDED', 'ERROR'],
    caseInsensitiveInput: true,
    ref: '10.4',
    description: 'Lifecycle state. The scheduler refreshes only ACTIVE tables; refresh_stream_table refuses only SUSPENDED. There is no PAUSED.',
  },
  {
    name: 'source_type',
    values: ['TABLE', 'STREAM_TABLE', 'VIEW', 'MATVIEW', 'FOREIGN_TABLE'],
    caseInsensitiveInput: false,
    ref: '8.2',
    description: 'Kind of a dependency source.',
  },
  {
    name: 'cdc_mode',
    values: ['TRIGGER', 'TRANSITIONING', 'WAL'],
    caseInsensitiveInput: false,
    ref: '8.2',
    description: 'Change-capture mode of a source.',
  },
  {
    name: 'refresh_action',
    values: ['NO_DATA', 'FULL', 'DIFFERENTIAL', 'REINITIALIZE', 'SKIP'],
    checkValues: ['NO_DATA', 'FULL', 'DIFFERENTIAL', 'DIFFERENTIAL', 'REINITIALIZE', 'SKIP'],
    caseInsensitiveInput: false,
    ref: '8.3',
    description: 'What a scheduler refresh did. SKIP is never written.',
  },
  {
    name: 'refresh_status',
    values: ['RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED'],
    caseInsensitiveInput: false,
    ref: '8.3',
    description: 'Outcome of a scheduler refresh. SKIPPED is never written.',
  },
  {
    name: 'initiated_by',
    values: ['SCHEDULER', 'MANUAL', 'INITIAL'],
    caseInsensitiveInput: false,
    ref: '8.3',
    description: 'Who started a refresh. Only SCHEDULER is ever written.',
  },
] as const satisfies readonly EnumType[];
