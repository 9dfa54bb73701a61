/**
 * The one validation stage. Each rule checks one concern of the generator's input and returns every problem it
 * finds; model building and rendering run only on input that passed, and cannot fail on it. The references rule
 * is the one check of rendered output.
 */
import type { TargetInput } from '../types.ts';
import { checkChangelog } from './changelog.ts';
import { checkConfigKeys } from './config-keys.ts';
import type { Diagnostic } from './diagnostic.ts';
import { checkEmulatorSources } from './emulator-sources.ts';
import { checkEnumsAndCatalog } from './enums-and-catalog.ts';
import { checkFunctions } from './functions.ts';
import { checkLifecycle } from './lifecycle.ts';
import { checkMacros } from './macros.ts';

export type { Diagnostic } from './diagnostic.ts';
export { formatDiagnostic } from './diagnostic.ts';
export { checkRenderedMarkdown } from './markdown.ts';
export { checkReferences } from './references.ts';

export function validateInput(input: TargetInput): Diagnostic[] {
  const { spec } = input;
  return [
    ...checkFunctions(spec),
    ...checkEnumsAndCatalog(spec),
    ...checkLifecycle(spec),
    ...checkConfigKeys(spec),
    ...checkMacros(input),
    ...checkEmulatorSources(input),
    ...checkChangelog(input),
  ];
}
