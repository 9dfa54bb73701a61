/**
 * The target the integration harness runs: its extension, schemas and names come from its spec. Chosen with
 * PGSTREAM_TARGET (a target id from spec/index.ts); the default is the first target.
 */
import { targetById, targets } from '../spec/index.ts';
import type { Target } from '../spec/types.ts';

export function selectedTarget(env: NodeJS.ProcessEnv = process.env): Target {
  const [first] = targets;
  if (first === undefined) throw new Error('spec/index.ts lists no target');
  return env.PGSTREAM_TARGET ? targetById(env.PGSTREAM_TARGET) : first;
}

/**
 * Why a scenario whose expectations are written for some targets only is skipped on the selected target (undefined:
 * it runs there). Scenarios put the reason in their title, so every skip says what was not run, and why.
 */
export function skippedOnTarget(writtenFor: readonly string[], why: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const t = selectedTarget(env);
  return writtenFor.includes(t.id) ? undefined : `skipped on ${t.extension.title}: ${why}`;
}
