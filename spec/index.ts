/**
 * Every target the generator renders, a package (and an emulator) each. The generator and the harness import only
 * this module and spec/types.ts. To add a target: write spec/<id>/ and list it here.
 */
import { pgstream } from './pgstream/index.ts';
import { pgtrickle } from './pgtrickle/index.ts';
import type { Target } from './types.ts';

export const targets: readonly Target[] = [pgstream, pgtrickle];

/** The target with this id; the error lists the ids there are. */
export function targetById(id: string): Target {
  const t = targets.find((x) => x.id === id);
  if (t === undefined) throw new Error(`unknown target '${id}' (targets: ${targets.map((x) => x.id).join(', ')})`);
  return t;
}
