/** One problem with the generator's input (or, for references, its output), located for `file:line` output. */
export interface Diagnostic {
  /** The file the fact lives in, relative to the repository root, e.g. `spec/pgstream/config-keys.ts`. */
  readonly file: string;
  /** The spec entity, e.g. `{ kind: 'config key', name: 'schedule' }`; its line is looked up for the output. */
  readonly entity?: { readonly kind: string; readonly name: string };
  /** Filled in by `locate` (load.ts) from the entity, when the file is a spec module. */
  readonly line?: number;
  readonly message: string;
}

/** Collects diagnostics for one file and entity at a time. */
export function collector(): { out: Diagnostic[]; at: (file: string, entity?: Diagnostic['entity']) => (message: string) => void } {
  const out: Diagnostic[] = [];
  return { out, at: (file, entity) => (message) => out.push(entity === undefined ? { file, message } : { file, entity, message }) };
}

/** `file:line: (kind 'name') message`, the form the CLI prints. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}${d.line !== undefined ? `:${d.line}` : ''}`;
  return `${where}: ${d.entity !== undefined ? `(${d.entity.kind} '${d.entity.name}') ` : ''}${d.message}`;
}
