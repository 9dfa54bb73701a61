/**
 * The config checkers the package renders, run as Jinja by the jinja2 that dbt uses (from the pinned dbt venv), on the
 * golden target's rendered file: integer and number keys with ranges, which dbt-pgstream's own keys do not exercise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { dbtExecutable, readDbtVersions } from '../../harness/dbt-versions.ts';

const config = join(import.meta.dirname, '__golden__/dist-package/dbt-ivm/macros/config/stream_table_config.sql');
const python = join(dirname(dbtExecutable(readDbtVersions().default)), 'python');

/** Calls one checker macro on each value; returns, per value, 'ok <stored value>' or 'bad'. */
async function check(macro: string, values: string, extra: string): Promise<string[]> {
  // the checkers call helpers through the package namespace, as dbt resolves them: bound here to the rendered ones
  const shim = "{% macro _ivm_repr(v) %}{{ v }}{% endmacro %}{% set dbt_ivm = {'_ivm_repr': _ivm_repr, '_ivm_is_cron': _ivm_is_cron} %}";
  const driver = `${shim}{% for v in ${values} %}{% set errors = [] %}{% set cfg = {} %}{% do ${macro}(value=v, key='k', bad='bad', errors=errors, cfg=cfg${extra}) %}{{ ('ok ' ~ cfg['k']) if not errors else 'bad' }}|{% endfor %}`;
  // dbt's return() (leaves the macro with a value: raised, and caught where the macro is invoked) and modules.re
  const script = [
    'import sys, jinja2, jinja2.runtime as rt',
    'class MacroReturn(Exception):',
    '    def __init__(self, value): self.value = value',
    'invoke = rt.Macro._invoke',
    'def _invoke(self, arguments, autoescape):',
    '    try: return invoke(self, arguments, autoescape)',
    '    except MacroReturn as e: return e.value',
    'rt.Macro._invoke = _invoke',
    'def ret(value): raise MacroReturn(value)',
    "env = jinja2.Environment(extensions=['jinja2.ext.do'])",
    "env.globals['return'] = ret",
    // dbt's modules.re
    'import re, types',
    "env.globals['modules'] = types.SimpleNamespace(re=re)",
    'src = open(sys.argv[1]).read()',
    'print(env.from_string(src + sys.argv[2]).render(), end="")',
  ].join('\n');
  const { stdout } = await execa(python, ['-c', script, config, driver]);
  return stdout
    .split('|')
    .filter((x) => x.trim() !== '')
    .map((x) => x.trim());
}

describe('rendered config checkers (jinja2 from the dbt venv)', () => {
  it('has the venv and the golden file to run them', () => {
    expect(existsSync(python), `${python} missing: run npm run setup:dbt`).toBe(true);
    expect(readFileSync(config, 'utf8')).toContain('_ivm_check_integer');
  });

  it('integer: whole numbers within the range only (not booleans, strings or fractions)', async () => {
    expect(await check('_ivm_check_integer', "[1, 16, 0, 17, true, '3', 2.5, 8]", ', min=1, max=16')).toEqual([
      'ok 1',
      'ok 16',
      'bad',
      'bad',
      'bad',
      'bad',
      'bad',
      'ok 8',
    ]);
    expect(await check('_ivm_check_integer', '[-5, 100000]', '')).toEqual(['ok -5', 'ok 100000']);
  });

  it('enum: folds case only when the enum says so, maps aliases, refuses the rest', async () => {
    const values = "['full', 'Differential', 'incremental', 'FULL', 'other', 3]";
    const allowed = ", allowed=['FULL', 'DIFFERENTIAL'], aliases={'INCREMENTAL': 'DIFFERENTIAL'}";
    expect(await check('_ivm_check_enum', values, `${allowed}, fold_case='upper'`)).toEqual([
      'ok FULL',
      'ok DIFFERENTIAL',
      'ok DIFFERENTIAL',
      'ok FULL',
      'bad',
      'bad',
    ]);
    expect(await check('_ivm_check_enum', values, `${allowed}, fold_case=none`)).toEqual(['bad', 'bad', 'bad', 'ok FULL', 'bad', 'bad']);
    // an enum stored in lower case: input folded to lower case, and a rejected value is matched folded
    expect(
      await check('_ivm_check_enum', "['HOT', 'cold', 'Warm', 'ice']", ", allowed=['hot', 'cold'], fold_case='lower', rejected={'ice': 'use cold'}"),
    ).toEqual(['ok hot', 'ok cold', 'bad', 'bad']);
  });

  it('text: a non-empty string, passed on as it is', async () => {
    expect(await check('_ivm_check_text', "['id', 'LIST:v', '', '  ', 3, true]", '')).toEqual(['ok id', 'ok LIST:v', 'bad', 'bad', 'bad', 'bad']);
  });

  it('schedule: the CALCULATED keyword (any case, trimmed) means none; durations and cron as before', async () => {
    expect(await check('_ivm_check_schedule', "['Calculated', ' calculated ', '5m', 'calc']", ", calculated='calculated'")).toEqual([
      'ok None',
      'ok None',
      'ok 5m',
      'bad',
    ]);
  });

  it('number: whole or not, within the range (not booleans or strings)', async () => {
    expect(await check('_ivm_check_number', '[0, 0.5, 1]', ', min=0, max=1, min_exclusive=true')).toEqual(['bad', 'ok 0.5', 'ok 1']);
    expect(await check('_ivm_check_number', "[0, 0.25, 1, 1.5, -0.1, false, '0.5']", ', min=0, max=1')).toEqual([
      'ok 0',
      'ok 0.25',
      'ok 1',
      'bad',
      'bad',
      'bad',
      'bad',
    ]);
  });
});
