/**
 * Records every integration scenario's result for the conformance record: after a run, writes
 * integration_tests/.work/results-<target>-<emulator|real>.json (the backend as global-setup described it, and each test's
 * state). Test names lose the backend label their describe titles carry, so both backends' names match.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { ROOT } from '../../harness/paths.ts';

export const WORK = join(ROOT, 'integration_tests', '.work');
export const RUN_INFO = join(WORK, 'run-info.json');

export interface RunInfo {
  /** The target the run tested (spec/index.ts id) and how prose names its extension. */
  readonly target: string;
  readonly title: string;
  readonly provider: string;
  readonly backend: { kind: 'real' | 'emulator'; version: string; label: string; source?: string };
  readonly postgresVersion: string;
  readonly dbt: readonly string[];
  readonly startedAt: string;
}

export interface TestRecord {
  readonly file: string;
  readonly name: string;
  readonly state: 'passed' | 'failed' | 'skipped';
  readonly error?: string;
}

export interface RunResults extends RunInfo {
  readonly finishedAt: string;
  readonly tests: readonly TestRecord[];
}

export const resultsPath = (target: string, kind: 'real' | 'emulator'): string => join(WORK, `results-${target}-${kind}.json`);

export default class ConformanceReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const scenarios = modules.filter((m) => m.moduleId.includes('/integration_tests/scenarios/'));
    if (scenarios.length === 0 || !existsSync(RUN_INFO)) return;
    const info = JSON.parse(readFileSync(RUN_INFO, 'utf8')) as RunInfo;
    const label = ` (${info.backend.label})`;
    const tests: TestRecord[] = [];
    for (const m of scenarios) {
      for (const t of m.children.allTests()) {
        const r = t.result();
        const state = r.state === 'passed' || r.state === 'failed' ? r.state : 'skipped';
        const error = r.state === 'failed' ? (r.errors?.[0]?.message ?? '').split('\n')[0]?.slice(0, 200) : undefined;
        tests.push({ file: relative(ROOT, m.moduleId), name: t.fullName.split(label).join(''), state, ...(error ? { error } : {}) });
      }
    }
    mkdirSync(WORK, { recursive: true });
    const out: RunResults = { ...info, finishedAt: new Date().toISOString(), tests };
    writeFileSync(resultsPath(info.target, info.backend.kind), `${JSON.stringify(out, null, 2)}\n`);
  }
}
