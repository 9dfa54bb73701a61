import { describe, expect, it } from 'vitest';
import { spec } from '../../spec/index.ts';
import type { Spec } from '../../spec/types.ts';
import { validateReferences, validateSpec } from '../src/validate.ts';

/** A deep copy of the real spec with one change, for table-driven broken-spec cases. */
function broken(change: (s: Spec & Record<string, unknown>) => void): Spec {
  const copy = structuredClone(spec) as unknown as Spec & Record<string, unknown>;
  change(copy);
  return copy;
}
type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
const m = (s: Spec) => s as unknown as Mutable<Spec>;

describe('validateSpec', () => {
  it('accepts the real spec', () => {
    expect(validateSpec(spec)).toEqual([]);
  });

  const cases: { given: string; change: (s: Spec) => void; want: RegExp }[] = [
    {
      given: 'a config key that feeds an argument the function does not have',
      change: (s) => {
        m(s).configKeys[0]!.feeds[0]!.argument = 'interval';
      },
      want: /config key 'schedule'.*feeds argument 'interval' of 'create_stream_table', which has no such argument \(it has: name, query, schedule, refresh_mode, initialize\)/,
    },
    {
      given: 'a config key that feeds an unknown function',
      change: (s) => {
        m(s).configKeys[1]!.feeds[0]!.function = 'make_stream_table';
      },
      want: /feeds function 'make_stream_table', which the spec does not declare/,
    },
    {
      given: 'a default outside its enum',
      change: (s) => {
        m(s).configKeys[1]!.default = 'FAST';
      },
      want: /default 'FAST' is not a value of enum 'refresh_mode'/,
    },
    {
      given: 'a STRICT function whose argument claims NULL raises',
      change: (s) => {
        m(s).functions.find((f) => f.name === 'drop_stream_table')!.args[0]!.onNull = { kind: 'error' };
      },
      want: /function is STRICT, so NULL for argument 'name' is a no-op/,
    },
    {
      given: 'a function declared twice',
      change: (s) => {
        m(s).functions.push(structuredClone(m(s).functions[0]!));
      },
      want: /function 'create_stream_table' is declared twice/,
    },
    {
      given: 'an argument without a default after one with a default',
      change: (s) => {
        delete (m(s).functions[0]!.args[4] as { default?: unknown }).default;
      },
      want: /argument 'initialize' has no default but follows an argument with one/,
    },
    {
      given: 'a column checked against an unknown enum',
      change: (s) => {
        (m(s).catalog[0]!.columns[8] as { check?: string }).check = 'state';
      },
      want: /column 'status' checks against unknown enum 'state'/,
    },
    {
      given: 'an alter key compared with a catalog column that does not exist',
      change: (s) => {
        (m(s).configKeys[0]!.change as { catalogColumn: string }).catalogColumn = 'cron';
      },
      want: /compared with catalog column 'cron', which pgs_stream_tables does not have/,
    },
    {
      given: 'a macro that uses an object the spec does not know',
      change: (s) => {
        m(s).macros[0]!.uses.push('pgs_jobs');
      },
      want: /uses 'pgs_jobs', which is neither a spec function nor a catalog relation/,
    },
    {
      given: 'a nullable key whose create argument raises on NULL',
      change: (s) => {
        (m(s).configKeys[1] as { nullable?: unknown }).nullable = { kind: 'value', meaning: 'x' };
      },
      want: /may be null, but create_stream_table\(refresh_mode\) raises on NULL/,
    },
  ];
  it.each(cases)('reports $given', ({ change, want }) => {
    const diags = validateSpec(broken(change as (s: Spec & Record<string, unknown>) => void));
    expect(diags.map((d) => `${d.where}: ${d.message}`).join('\n')).toMatch(want);
  });

  it('reports an extension status fact that is not a status value', () => {
    const diags = validateSpec(broken((s) => {
      (m(s).extension as { statusAfterMaxErrors: string }).statusAfterMaxErrors = 'PAUSED';
    }));
    expect(diags.map((d) => d.message).join('\n')).toMatch(/'PAUSED' is not a value of enum 'status' \(INITIALIZING, ACTIVE, SUSPENDED, ERROR\)/);
  });

  it('reports rendered SQL that references a pgstream object the spec does not declare', () => {
    const files = [
      { path: 'dist-package/dbt-pgstream/macros/x.sql', contents: 'select * from pgstream.pgs_stream_tables; select pgstream.pgs_jobs()' },
      { path: 'integration_tests/emulator/extension/x.sql', contents: 'select pgstream._emu_internal()' },
    ];
    expect(validateReferences(spec, files)).toEqual([
      { severity: 'error', where: 'dist-package/dbt-pgstream/macros/x.sql', message: 'references pgstream.pgs_jobs, which spec/ declares as neither a function nor a catalog relation' },
    ]);
  });

  it('reports a macro description with a Jinja delimiter, which dbt would render in the docs', () => {
    const diags = validateSpec(broken((s) => {
      (m(s).macros[0] as { description: string }).description = 'use {{ this }}';
    }));
    expect(diags.map((d) => d.message).join('\n')).toContain('a description contains a Jinja delimiter');
  });

  it('reports every problem at once rather than stopping at the first', () => {
    const diags = validateSpec(
      broken((s) => {
        m(s).configKeys[0]!.feeds[0]!.argument = 'interval';
        m(s).configKeys[1]!.default = 'FAST';
      }),
    );
    expect(diags.length).toBeGreaterThanOrEqual(2);
  });
});
