/** The pinned dbt, run through execa against a scenario's own project and schema. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { dbtExecutable } from './dbt-versions.ts';
import type { ConnectionInfo } from './server.ts';

/** ANSI colour codes (ESC [ ... m), which dbt prints even with colours off in some places. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export interface DbtResult {
  readonly exitCode: number;
  /** stdout and stderr, interleaved, without colour codes. */
  readonly output: string;
  readonly results: readonly { unique_id: string; status: string; message: string | null }[];
}

export interface DbtRunner {
  readonly minor: string;
  readonly projectDir: string;
  readonly schema: string;
  /** Runs dbt; `cancelSignal` kills it (SIGKILL, as a killed deploy would be), and the result says so by its exit code. */
  run(args: readonly string[], extraEnv?: Record<string, string>, options?: { readonly cancelSignal?: AbortSignal }): Promise<DbtResult>;
  /** Like run, but fails the test with dbt's output when dbt does not exit 0. */
  ok(args: readonly string[], extraEnv?: Record<string, string>): Promise<DbtResult>;
}

export function dbtRunner(minor: string, projectDir: string, schema: string, pg: ConnectionInfo): DbtRunner {
  const env = {
    PGHOST: pg.host,
    PGPORT: String(pg.port),
    PGUSER: pg.user,
    PGPASSWORD: pg.password,
    PGDATABASE: pg.database,
    DBT_SCHEMA: schema,
    DBT_PROFILES_DIR: projectDir,
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    DBT_USE_COLORS: 'false',
    NO_COLOR: '1',
  };
  const runner: DbtRunner = {
    minor,
    projectDir,
    schema,
    async run(args, extraEnv = {}, options = {}) {
      // Never read a previous command's results: dbt writes run_results.json, or sources.json for source freshness.
      const targetDir = join(projectDir, extraEnv.DBT_TARGET_PATH ?? 'target');
      const resultFiles = ['run_results.json', 'sources.json'].map((f) => join(targetDir, f));
      for (const f of resultFiles) rmSync(f, { force: true });
      const res = await execa(dbtExecutable(minor), ['--no-use-colors', ...args], {
        cwd: projectDir,
        env: { ...env, ...extraEnv },
        reject: false,
        all: true,
        stdin: 'ignore',
        ...(options.cancelSignal ? { cancelSignal: options.cancelSignal, killSignal: 'SIGKILL' as const } : {}),
      });
      let results: DbtResult['results'] = [];
      const resultsPath = resultFiles.find((f) => existsSync(f));
      if (resultsPath !== undefined) {
        results = (JSON.parse(readFileSync(resultsPath, 'utf8')) as { results: DbtResult['results'] }).results;
      }
      return { exitCode: res.exitCode ?? -1, output: (res.all ?? '').replace(ANSI_COLOUR, ''), results };
    },
    async ok(args, extraEnv) {
      const r = await runner.run(args, extraEnv);
      if (r.exitCode !== 0) throw new Error(`dbt ${args.join(' ')} (dbt ${minor}) exited ${r.exitCode}:\n${r.output}`);
      return r;
    },
  };
  return runner;
}
