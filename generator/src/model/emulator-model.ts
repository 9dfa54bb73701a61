import type { CatalogRelation, SqlFunction, Target } from '../../../spec/types.ts';
import { functionSourcePath } from '../naming.ts';

/** The dollar quote around the emulator's function bodies, which no body may contain. */
export const EMULATOR_BODY_QUOTE = '$emulator_body$';

/** What the emulator extension consists of, in order; render/emulator.ts turns it into SQL. Pure data. */
export interface EmulatorModel {
  readonly extension: Target['extension'];
  readonly tables: readonly CatalogRelation[];
  /** Each spec function with the hand-written body file it takes (relative to the target's emulator.sourceDir). */
  readonly functions: readonly { readonly fn: SqlFunction; readonly body: string; readonly specFile: string }[];
  readonly views: readonly { readonly rel: CatalogRelation; readonly select: string }[];
  readonly internals: string;
  readonly eventTriggers: string;
}

export function buildEmulatorModel(spec: Target): EmulatorModel {
  return {
    extension: spec.extension,
    tables: spec.catalog.filter((r) => r.kind === 'table'),
    functions: spec.functions.map((fn) => ({ fn, body: `functions/${fn.name}.sql`, specFile: functionSourcePath(spec, fn.name) })),
    views: spec.catalog.filter((r) => r.kind === 'view').map((rel) => ({ rel, select: `views/${rel.name}.sql` })),
    internals: 'internals.sql',
    eventTriggers: 'event-triggers.sql',
  };
}

/** Every hand-written source file the emulator needs (validated before rendering). */
export function emulatorSourceNames(spec: Target): string[] {
  const m = buildEmulatorModel(spec);
  return [m.internals, ...m.functions.map((f) => f.body), ...m.views.map((v) => v.select), m.eventTriggers];
}
