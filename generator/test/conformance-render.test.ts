/** The conformance record lists both runs side by side and counts where they disagree. */
import { describe, expect, it } from 'vitest';
import { renderConformance } from '../../integration_tests/conformance/render.ts';
import type { RunResults } from '../../integration_tests/conformance/reporter.ts';

const run = (kind: 'real' | 'emulator', tests: RunResults['tests']): RunResults => ({
  target: 'pgstream',
  title: 'pg_stream',
  provider: kind === 'real' ? 'source' : 'embedded',
  backend: {
    kind,
    version: '0.1.1',
    label: kind === 'real' ? 'pg_stream 0.1.1 (real extension)' : 'pg_stream EMULATOR 0.1.1',
    ...(kind === 'real' ? { source: 'abc123' } : {}),
  },
  postgresVersion: kind === 'real' ? '18.6' : '18.4',
  dbt: ['dbt-core 1.12.0'],
  startedAt: '2026-11-25T10:00:00Z',
  finishedAt: '2026-11-25T10:05:00Z',
  tests,
});

describe('renderConformance', () => {
  it('shows each scenario on both backends, the failures with their first line, and the number of disagreements', () => {
    const md = renderConformance(
      run('emulator', [
        { file: 'a.test.ts', name: 'x works', state: 'passed' },
        { file: 'a.test.ts', name: 'y | z', state: 'passed' },
        { file: 'b.test.ts', name: 'emulator only', state: 'passed' },
      ]),
      run('real', [
        { file: 'a.test.ts', name: 'x works', state: 'passed' },
        { file: 'a.test.ts', name: 'y | z', state: 'failed', error: 'boom' },
        { file: 'b.test.ts', name: 'emulator only', state: 'skipped' },
      ]),
    );
    expect(md).toContain('Do not edit');
    expect(md).toContain('| pg_stream source | (written from the observed behaviour) | abc123 |');
    expect(md).toContain('| x works | pass | pass |');
    expect(md).toContain('| y \\| z<br>_real: boom_ | pass | **FAIL** |');
    expect(md).toContain('| emulator only | pass | skipped |');
    expect(md).toContain('differs between the two: **2**');
    expect(md).toContain('| results | 3 passed, 0 failed, 0 skipped | 1 passed, 1 failed, 1 skipped |');
  });

  it('refuses runs given in the wrong order', () => {
    expect(() => renderConformance(run('real', []), run('emulator', []))).toThrow(/first run must be on the emulator/);
  });
});
