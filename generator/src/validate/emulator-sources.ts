import { EMULATOR_BODY_QUOTE, emulatorSourceNames } from '../model/emulator-model.ts';
import type { TargetInput } from '../types.ts';
import { collector, type Diagnostic } from './diagnostic.ts';

/** The emulator's hand-written bodies: one file per spec function and view, none containing the body quote. */
export function checkEmulatorSources(input: Pick<TargetInput, 'spec' | 'emulatorSources'>): Diagnostic[] {
  const { out, at } = collector();
  const SRC = input.spec.emulator.sourceDir;
  for (const name of emulatorSourceNames(input.spec)) {
    const source = input.emulatorSources[name];
    if (source === undefined) at(`${SRC}/${name}`)('missing emulator source file');
    else if (source.includes(EMULATOR_BODY_QUOTE)) at(`${SRC}/${name}`)(`must not contain ${EMULATOR_BODY_QUOTE}`);
  }
  return out;
}
