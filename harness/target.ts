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
