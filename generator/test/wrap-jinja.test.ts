/**
 * The line wrapper of generated macros: table-driven cases, and on the whole real package the proof that wrapping
 * changes nothing dbt runs: dbt's own Jinja environment (from the pinned venv) compiles every macro file, wrapped
 * and not, to the same code once whitespace is collapsed (split literals are folded back into one constant).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { dbtExecutable, readDbtVersions } from '../../harness/dbt-versions.ts';
import { loadInput } from '../src/load.ts';
import { buildChangelogModel } from '../src/model/changelog-model.ts';
import { buildPackageModel } from '../src/model/package-model.ts';
import { createEngine } from '../src/render/handlebars.ts';
import { renderPackage } from '../src/render/package.ts';
import { wrapJinja } from '../src/render/wrap-jinja.ts';

const root = join(import.meta.dirname, '..', '..');
const HEAD = '{# header #}\n';
const wrap = (body: string, limit = 60) => wrapJinja(HEAD + body, limit).slice(HEAD.length);

describe('wrapJinja', () => {
  it.each([
    {
      given: 'a long comment',
      body: '{#- one two three four five six seven eight nine ten eleven twelve thirteen -#}',
      want: '{#- one two three four five six seven eight nine ten eleven\n    twelve thirteen -#}',
    },
    {
      given: 'a long expression: broken between tokens',
      body: "  {{ log('started at ' ~ when ~ ' by ' ~ who ~ ' for ' ~ what ~ ' in ' ~ where, info=true) }}",
      want: "  {{ log('started at ' ~ when ~ ' by ' ~ who ~ ' for ' ~\n      what ~ ' in ' ~ where, info=true) }}",
    },
    {
      given: 'a long string literal: a parenthesised concatenation, so a filter still applies to all of it',
      body: "  {%- set x = 'alpha beta gamma delta epsilon zeta eta theta iota kappa' | upper -%}",
      want: "  {%- set x = ('alpha beta gamma delta epsilon zeta eta ' ~\n      'theta iota kappa') | upper -%}",
    },
    {
      given: 'SQL outside tags: broken between tokens, never inside a quoted string',
      body: "select 'a long string literal with spaces in it' as x, y, z from t where q = 1",
      want: "select 'a long string literal with spaces in it' as x, y, z\n    from t where q = 1",
    },
    {
      given: 'a line that fits',
      body: "{{ x ~ 'short' }}",
      want: "{{ x ~ 'short' }}",
    },
  ])('$given', ({ body, want }) => {
    expect(wrap(body)).toBe(want);
  });

  it('leaves a string that began on an earlier line alone (its text is the value)', () => {
    const body = '{%- set q = run("\nselect aaaa, bbbb, cccc, dddd, eeee, ffff, gggg, hhhh, iiii, jjjj\n") -%}';
    expect(wrap(body)).toBe(body);
  });
});

describe('generated macros read as hand-written', () => {
  // the committed packages (generate --check keeps them current) and the golden target's
  const packages = [join(root, 'dist-package'), join(import.meta.dirname, '__golden__', 'dist-package')];
  const macroFiles = packages.flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((p) => /(^|\/)macros\/.*\.sql$/.test(p))
      .map((p) => join(dir, p)),
  );

  it('has no line over 150 characters outside the generated header, in any package', () => {
    expect(macroFiles.length).toBeGreaterThan(40);
    const long = macroFiles.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .slice(1)
        .flatMap((line, i) => (line.length > 150 ? [`${f.slice(root.length + 1)}:${i + 2} (${line.length})`] : [])),
    );
    expect(long).toEqual([]);
  });
});

describe('wrapping the real package changes nothing dbt runs', () => {
  it("compiles every macro file, wrapped and not, to the same code in dbt's Jinja environment", async () => {
    const [t] = (await loadInput(root)).targets;
    if (t === undefined) throw new Error('no target');
    const render = (doWrap: boolean) =>
      renderPackage(
        buildPackageModel(t.spec, t.dbtVersions),
        buildChangelogModel(t.changelog),
        t.templates,
        createEngine(t.templates, t.templateOrigins),
        t.templateOrigins,
        doWrap,
      ).filter((f) => /\/macros\/.*\.sql$/.test(f.path));
    const plain = render(false);
    const wrapped = render(true);
    expect(wrapped.map((f) => f.path)).toEqual(plain.map((f) => f.path));
    expect(wrapped.some((f, i) => f.contents !== plain[i]?.contents)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'wrap-jinja-'));
    try {
      const pairs = plain.map((f, i) => {
        const a = join(dir, `${i}-a.sql`);
        const b = join(dir, `${i}-b.sql`);
        writeFileSync(a, f.contents);
        writeFileSync(b, wrapped[i]?.contents ?? '');
        return [f.path, a, b];
      });
      writeFileSync(join(dir, 'pairs.json'), JSON.stringify(pairs));
      const script = [
        'import json, re, sys',
        'from dbt_common.clients.jinja import get_environment',
        'env = get_environment()',
        'def code(p):',
        '    c = env.compile(open(p).read(), raw=True)',
        "    c = re.sub(r'debug_info = .*|lineno=\\d+', '', c)",
        "    return re.sub(r'(\\\\n|\\s)+', ' ', c)",
        'bad = [path for path, a, b in json.load(open(sys.argv[1])) if code(a) != code(b)]',
        'print(json.dumps(bad))',
      ].join('\n');
      const python = join(dirname(dbtExecutable(readDbtVersions().default)), 'python');
      const { stdout } = await execa(python, ['-c', script, join(dir, 'pairs.json')]);
      expect(JSON.parse(stdout)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
