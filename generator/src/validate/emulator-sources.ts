import { EMULATOR_BODY_QUOTE, emulatorSourceNames } from '../model/emulator-model.ts';
import type { GeneratorInput } from '../types.ts';
import { collector, type Diagnostic } from './diagnostic.ts';

const SRC = 'integration_tests/emulator/src';

/** The emulator's hand-written bodies: one file per spec function and view, none containing the body quote. */
export function checkEmulatorSources(input: Pick<GeneratorInput, 'spec' | 'emulatorSources'>): Diagnostic[] {
  const { out, at } = collector();
  for (const name of emulatorSourceNames(input.spec)) {
    const source = input.emulatorSources[name];
    if (source === undefined) at(`${SRC}/${name}`)('missing emulator source file');
    else if (source.includes(EMULATOR_BODY_QUOTE)) at(`${SRC}/${name}`)(`must not contain ${EMULATOR_BODY_QUOTE}`);
  }
  return out;
}
