import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pgstream as spec } from '../../spec/pgstream/index.ts';
import { pgtrickle } from '../../spec/pgtrickle/index.ts';
import type { Target } from '../../spec/types.ts';
import { loadInput } from '../src/load.ts';
import type { TargetInput } from '../src/types.ts';
import { checkReferences, formatDiagnostic, validateInput } from '../src/validate/index.ts';

let input: TargetInput;
let inputs: readonly TargetInput[];
beforeAll(async () => {
  const all = await loadInput(join(import.meta.dirname, '..', '..'));
  inputs = all.targets;
  input = all.targets.find((t) => t.spec.id === spec.id)!;
});
/** The whole validation stage on the real input with a changed spec (or templates, or emulator sources). */
const validateSpec = (s: Target, extra: Partial<TargetInput> = {}) => validateInput({ ...input, spec: s, ...extra });
const text = (diags: ReturnType<typeof validateInput>) => diags.map(formatDiagnostic).join('\n');

/** A deep copy of the real spec with one change, for table-driven broken-spec cases. */
function broken(change: (s: Target & Record<string, unknown>) => void): Target {
  const copy = structuredClone(spec) as unknown as Target & Record<string, unknown>;
  change(copy);
  return copy;
}
type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
const m = (s: Target) => s as unknown as Mutable<Target>;
/** Entities looked up by name, so a new key, function or argument in the real spec does not shift what a case breaks. */
const key = (s: Target, name: string) => m(s).configKeys.find((k) => k.name === name)!;
const fn = (s: Target, name: string) => m(s).functions.find((f) => f.name === name)!;
const arg = (s: Target, f: string, name: string) => fn(s, f).args.find((a) => a.name === name)!;
const macro = (s: Target, name: string) => m(s).macros.find((x) => x.name === name)!;

describe('validateSpec', () => {
  it('accepts the real spec', () => {
    expect(validateSpec(spec)).toEqual([]);
  });

  const cases: { given: string; change: (s: Target) => void; want: RegExp }[] = [
    {
      given: 'a config key that feeds an argument the function does not have',
      change: (s) => {
        key(s, 'schedule').feeds[0]!.argument = 'interval';
      },
      want: new RegExp(
        `config key 'schedule'.*feeds argument 'interval' of 'create_stream_table', which has no such argument \\(it has: ${spec.functions
          .find((f) => f.name === 'create_stream_table')
          ?.args.map((a) => a.name)
          .join(', ')}\\)`,
      ),
    },
    {
      given: 'a config key that feeds an unknown function',
      change: (s) => {
        key(s, 'refresh_mode').feeds[0]!.function = 'make_stream_table';
      },
      want: /feeds function 'make_stream_table', which the spec does not declare/,
    },
    {
      given: 'a default outside its enum',
      change: (s) => {
        key(s, 'refresh_mode').default = 'FAST';
      },
      want: /default 'FAST' is not a value of enum 'refresh_mode'/,
    },
    {
      given: 'a STRICT function whose argument claims NULL raises',
      change: (s) => {
        arg(s, 'drop_stream_table', 'name').onNull = { kind: 'error' };
      },
      want: /function is STRICT, so NULL for argument 'name' is a no-op/,
    },
    {
      given: 'a function declared twice',
      change: (s) => {
        m(s).functions.push(structuredClone(fn(s, 'create_stream_table')));
      },
      want: /function 'create_stream_table' is declared twice/,
    },
    {
      given: 'an argument without a default after one with a default',
      change: (s) => {
        delete (arg(s, 'create_stream_table', 'initialize') as { default?: unknown }).default;
      },
      want: /argument 'initialize' has no default but follows an argument with one/,
    },
    {
      given: 'a column checked against an unknown enum',
      change: (s) => {
        (
          m(s)
            .catalog.find((r) => r.name === 'pgs_stream_tables')!
            .columns.find((c) => c.name === 'status') as { check?: string }
        ).check = 'state';
      },
      want: /column 'status' checks against unknown enum 'state'/,
    },
    {
      given: 'an alter key compared with a catalog column that does not exist',
      change: (s) => {
        (key(s, 'schedule').change as { catalogColumn: string }).catalogColumn = 'cron';
      },
      want: /compared with catalog column 'cron', which pgs_stream_tables does not have/,
    },
    {
      given: 'a macro that uses an object the spec does not know',
      change: (s) => {
        macro(s, 'pgstream_refresh').uses.push('pgs_jobs');
      },
      want: /uses 'pgs_jobs', which is neither a spec function nor a catalog relation/,
    },
    {
      given: 'a nullable key whose create argument raises on NULL',
      change: (s) => {
        (key(s, 'refresh_mode') as { nullable?: unknown }).nullable = { kind: 'value', meaning: 'x' };
      },
      want: /may be null, but create_stream_table\(refresh_mode\) raises on NULL/,
    },
  ];
  it.each(cases)('reports $given', ({ change, want }) => {
    const diags = validateSpec(broken(change as (s: Target & Record<string, unknown>) => void));
    expect(text(diags)).toMatch(want);
  });

  it('reports an extension status fact that is not a status value', () => {
    const diags = validateSpec(
      broken((s) => {
        (m(s).extension as { statusAfterMaxErrors: string }).statusAfterMaxErrors = 'PAUSED';
      }),
    );
    expect(text(diags)).toMatch(/'PAUSED' is not a value of enum 'status' \(INITIALIZING, ACTIVE, SUSPENDED, ERROR\)/);
  });

  it('reports rendered SQL that references a pgstream object the spec does not declare', () => {
    const files = [
      { path: 'dist-package/dbt-pgstream/macros/x.sql', contents: 'select * from pgstream.pgs_stream_tables; select pgstream.pgs_jobs()' },
      { path: 'emulators/pgstream/extension/x.sql', contents: 'select pgstream._emu_internal()' },
    ];
    expect(checkReferences(spec, files)).toEqual([
      {
        file: 'dist-package/dbt-pgstream/macros/x.sql',
        message: 'references pgstream.pgs_jobs, which spec/ declares as neither a function nor a catalog relation',
      },
    ]);
  });

  it('reports a macro description with a Jinja delimiter, which dbt would render in the docs', () => {
    const diags = validateSpec(
      broken((s) => {
        (macro(s, 'pgstream_refresh') as { description: string }).description = 'use {{ this }}';
      }),
    );
    expect(text(diags)).toContain('a description contains a Jinja delimiter');
  });

  it("reports a predecessor's retired macro that the package still has, and a relation-or-name argument not typed any", () => {
    const trickle = structuredClone(pgtrickle) as unknown as Mutable<Target>;
    trickle.predecessor!.retiredMacros.push({ name: 'pgtrickle_refresh', replacement: 'use it' });
    trickle.macros.find((x) => x.name === 'pgtrickle_stream_table_exists')!.args[0]!.type = 'relation';
    const input2 = inputs.find((t) => t.spec.id === 'pgtrickle')!;
    const diags = text(validateInput({ ...input2, spec: trickle as unknown as Target }));
    expect(diags).toContain("'pgtrickle_refresh' is retired, but the package has a macro of that name");
    expect(diags).toContain("argument 'relation' takes a relation or a name, so its type must be 'any', not 'relation'");
  });

  it('reports every problem at once rather than stopping at the first', () => {
    const diags = validateSpec(
      broken((s) => {
        key(s, 'schedule').feeds[0]!.argument = 'interval';
        key(s, 'refresh_mode').default = 'FAST';
      }),
    );
    expect(diags.length).toBeGreaterThanOrEqual(2);
  });

  it('returns structured diagnostics: the file, the entity and the message', () => {
    const diags = validateSpec(
      broken((s) => {
        key(s, 'refresh_mode').default = 'FAST';
      }),
    );
    expect(diags).toEqual([
      { file: 'spec/pgstream/config-keys.ts', entity: { kind: 'config key', name: 'refresh_mode' }, message: expect.stringContaining("default 'FAST'") },
    ]);
  });

  const lifecycleCases: { given: string; change: (s: Target) => void; want: RegExp }[] = [
    {
      given: 'a lifecycle role naming an unknown function',
      change: (s) => {
        m(s).lifecycle.refresh = 'refresh_now';
      },
      want: /\(lifecycle 'refresh'\) names function 'refresh_now', which the spec does not declare/,
    },
    {
      given: 'a lifecycle function without the name argument',
      change: (s) => {
        m(s).lifecycle.nameArgument = 'st_name';
      },
      want: /\(lifecycle 'create'\) 'create_stream_table' has no argument 'st_name' \(lifecycle.nameArgument\)/,
    },
    {
      given: 'key roles naming a missing key, and a key of the wrong kind',
      change: (s) => {
        (m(s).keyRoles as Record<string, string>).status = 'state';
        (m(s).keyRoles as Record<string, string>).initialize = 'schedule';
      },
      want: /\(key role 'initialize'\) 'schedule' must be a boolean key that feeds 'create_stream_table'[\s\S]*\(key role 'status'\) 'state' is not a config key of the spec/,
    },
    {
      given: 'a keyless-source opt-in that is not a boolean the materialization reads',
      change: (s) => {
        (m(s).keyRoles as Record<string, string>).keylessSourceOptIn = 'schedule';
      },
      want: /\(key role 'keylessSourceOptIn'\) 'schedule' must be a boolean key with change kind 'materialization'/,
    },
    {
      given: 'a key applied in place that feeds no argument of the alter function',
      change: (s) => {
        const k = key(s, 'schedule') as unknown as { feeds: unknown[] };
        k.feeds = k.feeds.filter((f) => (f as { function: string }).function !== 'alter_stream_table');
      },
      want: /\(config key 'schedule'\) is applied in place, but feeds no argument of the alter function 'alter_stream_table'/,
    },
    {
      given: 'an integer key whose default is outside its range',
      change: (s) => {
        const k = key(s, 'initialize') as unknown as Record<string, unknown>;
        k.type = { kind: 'integer', min: 1, max: 16 };
        k.default = 20;
      },
      want: /\(config key 'initialize'\) default 20 is outside the range 1 to 16/,
    },
    {
      given: 'a number key whose range is upside down',
      change: (s) => {
        const k = key(s, 'initialize') as unknown as Record<string, unknown>;
        k.type = { kind: 'number', min: 1, max: 0 };
        k.default = null;
        k.nullable = { kind: 'value', meaning: 'none' };
      },
      want: /\(config key 'initialize'\) range min 1 is above max 0/,
    },
    {
      given: 'a catalog role naming a relation the spec does not have',
      change: (s) => {
        m(s).catalogRoles.streamTables.relation = 'pgs_jobs';
      },
      want: /\(catalog role 'streamTables'\) 'pgs_jobs' is not a catalog relation of the spec/,
    },
    {
      given: 'a catalog role naming a column its relation does not have',
      change: (s) => {
        m(s).catalogRoles.dependencies.sourceType = 'kind';
      },
      want: /\(catalog role 'dependencies'\) sourceType: 'kind' is not a column of pgs_dependencies/,
    },
    {
      given: 'a create argument that nothing feeds',
      change: (s) => {
        m(s).configKeys = m(s).configKeys.filter((k) => k.name !== 'initialize');
      },
      want: /create_stream_table\(initialize\) is fed by no config key and is neither the name nor the query/,
    },
  ];
  it.each(lifecycleCases)('reports $given', ({ change, want }) => {
    expect(text(validateSpec(broken(change as (s: Target & Record<string, unknown>) => void)))).toMatch(want);
  });

  it("reports a declared macro without a template, and a target's own public-macro template nobody declared", () => {
    const own = 'package/macros/operations/extra.sql.hbs';
    const templates = { ...input.templates, [own]: 'x' };
    delete (templates as Record<string, string>)['package/macros/operations/status.sql.hbs'];
    const out = text(validateSpec(spec, { templates, templateOrigins: { [own]: `spec/pgstream/templates/${own}` } }));
    expect(out).toContain("(macro 'pgstream_status') has no template: generator/templates/package/macros/operations/status.sql.hbs does not exist");
    expect(out).toContain(`spec/pgstream/templates/${own}: renders a public macro, which spec/pgstream/macros.ts does not declare`);
    // a shared public-macro template that a target does not declare is a capability it leaves out, not an error
    expect(text(validateSpec(spec, { templates: { ...input.templates, [own]: 'x' } }))).toBe('');
  });

  it('reports a missing emulator body and one containing the body quote', () => {
    const emulatorSources = { ...input.emulatorSources, 'functions/pgs_status.sql': 'BEGIN $emulator_body$ END' };
    delete (emulatorSources as Record<string, string>)['functions/explain_st.sql'];
    const out = text(validateSpec(spec, { emulatorSources }));
    expect(out).toContain('emulators/pgstream/src/functions/explain_st.sql: missing emulator source file');
    expect(out).toContain('emulators/pgstream/src/functions/pgs_status.sql: must not contain $emulator_body$');
  });

  it('reports changelog fragments in the wrong place or shape, and a released entry without its heading', () => {
    const changelog = {
      ...input.changelog,
      'unreleased/improved/01-x.md': '- something\n',
      'unreleased/added/99-two.md': '- one\n- two\n',
      'released/0.0.9.md': 'Initial.\n',
      'notes.md': 'x',
    };
    const out = text(validateSpec(spec, { changelog }));
    expect(out).toContain(
      "changelog/pgstream/unreleased/improved/01-x.md: unknown category 'improved' (allowed: changed, added, fixed, removed, deprecated, security)",
    );
    expect(out).toContain('changelog/pgstream/unreleased/added/99-two.md: an unreleased fragment holds exactly one bullet');
    expect(out).toContain("changelog/pgstream/released/0.0.9.md: a released entry must start with its heading '## [0.0.9] - <date>'");
    expect(out).toContain('changelog/pgstream/notes.md: not a changelog fragment');
  });

  it('reports a public macro name outside the naming scheme (docs/decisions/0004)', () => {
    const diags = validateSpec(
      broken((s) => {
        (m(s).macros.find((x) => x.name === 'pgstream_status') as { name: string }).name = 'show_status';
      }),
    );
    expect(text(diags)).toContain("(macro 'show_status') the name does not follow docs/decisions/0004-public-macro-names.md");
  });
});
