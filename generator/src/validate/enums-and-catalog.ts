import type { Target } from '../../../spec/types.ts';
import { catalogSourcePath, specFile } from '../naming.ts';
import { collector, type Diagnostic } from './diagnostic.ts';

/** Enums (aliases and CHECK values are values) and catalog relations (unique columns, known enums, keyed columns). */
export function checkEnumsAndCatalog(spec: Target): Diagnostic[] {
  const { out, at } = collector();
  const enumNames = new Set(spec.enums.map((e) => e.name));
  for (const e of spec.enums) {
    const error = at(specFile(spec, 'enums.ts'), { kind: 'enum', name: e.name });
    for (const [alias, target] of Object.entries(e.aliases ?? {})) {
      if (!e.values.includes(target)) error(`alias '${alias}' maps to '${target}', which is not a value of the enum`);
    }
    for (const v of e.checkValues ?? []) if (!e.values.includes(v)) error(`CHECK value '${v}' is not a value of the enum`);
  }
  for (const rel of spec.catalog) {
    const error = at(catalogSourcePath(spec, rel.name), { kind: rel.kind, name: rel.name });
    const cols = new Set<string>();
    for (const c of rel.columns) {
      if (cols.has(c.name)) error(`column '${c.name}' is declared twice`);
      cols.add(c.name);
      if (c.check !== undefined && !enumNames.has(c.check)) error(`column '${c.name}' checks against unknown enum '${c.check}'`);
    }
    const keyed = [...(rel.primaryKey ?? []), ...(rel.unique ?? []).flatMap((u) => u.columns), ...(rel.indexes ?? []).flatMap((i) => i.columns)];
    for (const k of keyed) if (!cols.has(k)) error(`key or index names unknown column '${k}'`);
  }
  return out;
}
