import type { Target } from '../../../spec/types.ts';
import type { FileOutput } from '../types.ts';
import type { Diagnostic } from './diagnostic.ts';

/**
 * The one check of the output: every `<api schema>.<name>` the rendered package references must be a function or
 * catalog relation of the spec, so a rename in spec/ cannot leave a template behind.
 */
export function checkReferences(spec: Target, files: readonly FileOutput[]): Diagnostic[] {
  const known = new Set([...spec.functions.map((f) => f.name), ...spec.catalog.map((r) => r.name)]);
  const re = new RegExp(`\\b${spec.extension.apiSchema}\\.([a-z_][a-z0-9_]*)`, 'g');
  const out = new Map<string, Diagnostic>();
  for (const f of files) {
    if (!f.path.startsWith('dist-package/')) continue;
    for (const m of f.contents.matchAll(re)) {
      const name = m[1] ?? '';
      if (known.has(name)) continue;
      const message = `references ${spec.extension.apiSchema}.${name}, which spec/ declares as neither a function nor a catalog relation`;
      out.set(`${f.path} ${message}`, { file: f.path, message });
    }
  }
  return [...out.values()];
}
