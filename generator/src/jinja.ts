/** The one place Jinja literals are written: strings quoted with backslash escapes, Jinja's none/true/false. */
export function jinjaLiteral(value: string | boolean | number | null): string {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `['a', 'b']`: a Jinja list of string literals. */
export function jinjaList(values: readonly string[]): string {
  return `[${values.map(jinjaLiteral).join(', ')}]`;
}

/** `{'s': 1, 'm': 60}`: a Jinja dict literal. */
export function jinjaDict(value: Readonly<Record<string, string | number | boolean | null>>): string {
  return `{${Object.entries(value)
    .map(([k, v]) => `${jinjaLiteral(k)}: ${jinjaLiteral(v)}`)
    .join(', ')}}`;
}
