import { mkdirSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import type { TestProject } from 'vitest/node';
import { dbtExecutable, pinFor, selectedMinors } from '../harness/dbt-versions.ts';
import type { ConnectionInfo } from '../harness/server.ts';
import { startServer } from '../harness/server.ts';
import { selectedTarget } from '../harness/target.ts';
import { RUN_INFO, type RunInfo, WORK } from './conformance/reporter.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: ConnectionInfo;
    backend: { kind: 'real' | 'emulator'; version: string; label: string; source?: string };
    dbtMinors: string[];
  }
}

/**
 * One server for the whole run; prints, once, what the run is made of. A set-up failure is printed with its cause
 * before vitest reports it (some of vitest's own reports of a failed global set-up print nothing).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    return await start(project);
  } catch (e) {
    process.stderr.write(`\ndbt-pgstream integration harness: set-up failed, no scenario ran.\n${(e as Error).message}\n\n`);
    throw e;
  }
}

async function start(project: TestProject): Promise<() => Promise<void>> {
  const minors = selectedMinors();
  const versions: string[] = [];
  for (const m of minors) {
    const { stdout } = await execa(dbtExecutable(m), ['--version']).catch((e: unknown) => {
      throw new Error(`dbt ${m} is not installed in .venv/dbt-${m}: run \`npm run setup:dbt\` (${String(e)})`);
    });
    const core = /installed:\s+(\S+)/.exec(stdout)?.[1] ?? '?';
    const pg = /postgres:\s+(\S+)/.exec(stdout)?.[1] ?? '?';
    versions.push(`dbt-core ${core} + dbt-postgres ${pg} (pin ${JSON.stringify(pinFor(m).packages)})`);
  }
  const server = await startServer();
  const lines = [
    '──────── dbt-pgstream integration harness ────────',
    `provider:   ${server.provider} (${server.connection.host}:${server.connection.port}, database ${server.connection.database})`,
    `PostgreSQL: ${server.postgresVersion}`,
    `extension:  ${server.backend.label}`,
    ...versions.map((v) => `dbt:        ${v}`),
    ...server.notes.map((n) => `note:       ${n}`),
    '──────────────────────────────────────────────────',
  ];
  console.log(lines.join('\n'));
  mkdirSync(WORK, { recursive: true });
  const target = selectedTarget();
  const info: RunInfo = {
    target: target.id,
    title: target.extension.title,
    provider: server.provider,
    backend: server.backend,
    postgresVersion: server.postgresVersion,
    dbt: versions,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(RUN_INFO, `${JSON.stringify(info, null, 2)}\n`);
  project.provide('pg', server.connection);
  project.provide('backend', server.backend);
  project.provide('dbtMinors', minors);
  return async () => {
    await server.stop();
  };
}
