import type { CatalogRelation, Column, SqlFunction, Target } from '../../../spec/types.ts';

/** SQL DDL text for the emulator (render work), from the spec so its signatures and catalog match it exactly. */

function sqlDefault(v: string | boolean | number | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  return `'${v.replace(/'/g, "''")}'`;
}

export function functionSignature(schema: string, fn: SqlFunction): string {
  const args = fn.args.map((a) => `${a.name} ${a.type}${a.default !== undefined ? ` DEFAULT ${sqlDefault(a.default.value)}` : ''}`).join(', ');
  const returns =
    fn.returns.kind === 'scalar'
      ? fn.returns.type
      : fn.returns.kind === 'event_trigger'
        ? 'event_trigger'
        : `TABLE(${fn.returns.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`;
  const attrs = [fn.volatility.toUpperCase(), fn.strict ? 'STRICT' : 'CALLED ON NULL INPUT', fn.parallelSafe ? 'PARALLEL SAFE' : undefined].filter(
    (x) => x !== undefined,
  );
  return `CREATE FUNCTION ${schema}.${fn.name}(${args})\nRETURNS ${returns}\nLANGUAGE plpgsql ${attrs.join(' ')}`;
}

function columnDdl(spec: Target, c: Column): string {
  const serial = c.default === 'nextval';
  const type = serial ? (c.type === 'bigint' ? 'bigserial' : 'serial') : c.type;
  const parts = [c.name, type];
  if (!c.nullable) parts.push('NOT NULL');
  if (c.default !== undefined && !serial) parts.push(`DEFAULT ${c.default}`);
  if (c.check !== undefined) {
    const e = spec.enums.find((x) => x.name === c.check);
    const values = e?.checkValues ?? e?.values ?? [];
    parts.push(`CHECK (${c.name} IN (${values.map((v) => `'${v}'`).join(', ')}))`);
  }
  return parts.join(' ');
}

export function tableDdl(spec: Target, rel: CatalogRelation): string {
  const lines = rel.columns.map((c) => `  ${columnDdl(spec, c)}`);
  if (rel.primaryKey) lines.push(`  PRIMARY KEY (${rel.primaryKey.join(', ')})`);
  for (const u of rel.unique ?? []) if (u.name === undefined) lines.push(`  UNIQUE (${u.columns.join(', ')})`);
  for (const fk of rel.foreignKeys ?? []) {
    lines.push(`  FOREIGN KEY (${fk.columns.join(', ')}) REFERENCES ${spec.extension.apiSchema}.${fk.references} ON DELETE ${fk.onDelete}`);
  }
  const stmts = [`CREATE TABLE ${spec.extension.apiSchema}.${rel.name} (\n${lines.join(',\n')}\n);`];
  for (const u of rel.unique ?? []) {
    if (u.name !== undefined) stmts.push(`CREATE UNIQUE INDEX ${u.name} ON ${spec.extension.apiSchema}.${rel.name} (${u.columns.join(', ')});`);
  }
  for (const i of rel.indexes ?? []) stmts.push(`CREATE INDEX ${i.name} ON ${spec.extension.apiSchema}.${rel.name} (${i.columns.join(', ')});`);
  return stmts.join('\n');
}

/** `CREATE VIEW s.v (c1, c2, …) AS <select>`: the column names come from the spec, the SELECT from the emulator. */
export function viewDdl(schema: string, rel: CatalogRelation, select: string): string {
  return `CREATE VIEW ${schema}.${rel.name} (${rel.columns.map((c) => c.name).join(', ')}) AS\n${select.trim()};`;
}
