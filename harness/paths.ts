import { join } from 'node:path';

/** The repository root, for the harness, scripts and bench. */
export const ROOT = join(import.meta.dirname, '..');
