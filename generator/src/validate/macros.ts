import type { Target } from '../../../spec/types.ts';
import { executorMacroName, functionSourcePath, isPublicMacroTemplate, macroTemplatePath, specFile, sqlMacroName } from '../naming.ts';
import type { TargetInput } from '../types.ts';
import { collector, type Diagnostic } from './diagnostic.ts';

/**
 * Package macros: unique names, known objects in `uses`, defaults last, no Jinja delimiters in descriptions (dbt
 * renders property YAML), and one template per declared macro and one declaration per public-macro template.
 */
export function checkMacros(input: Pick<TargetInput, 'spec' | 'templates' | 'templateOrigins'>): Diagnostic[] {
  const { spec, templates } = input;
  const FILE = specFile(spec, 'macros.ts');
  const { out, at } = collector();
  const names = new Set<string>();
  const knownObjects = new Set([...spec.functions.map((f) => f.name), ...spec.catalog.map((r) => r.name)]);
  for (const m of spec.macros) {
    const error = at(FILE, { kind: 'macro', name: m.name });
    if (names.has(m.name)) error(`macro '${m.name}' is declared twice`);
    names.add(m.name);
    for (const u of m.uses) if (!knownObjects.has(u)) error(`uses '${u}', which is neither a spec function nor a catalog relation`);
    let sawDefault = false;
    for (const a of m.args) {
      if (a.default !== undefined) sawDefault = true;
      else if (sawDefault) error(`argument '${a.name}' has no default but follows one that does`);
    }
    if (templates[macroTemplatePath(spec, m)] === undefined) error(`has no template: generator/templates/${macroTemplatePath(spec, m)} does not exist`);
  }
  // Public macro names follow docs/decisions/0004-public-macro-names.md.
  for (const m of spec.macros) {
    const scheme = m.kind === 'test' ? /^stream_table_[a-z_]+$/ : new RegExp(`^(${spec.package.macroPrefix}_[a-z_]+|[a-z]+_all_stream_tables(_[a-z]+)?)$`);
    if (!scheme.test(m.name)) {
      at(FILE, { kind: 'macro', name: m.name })(
        `the name does not follow docs/decisions/0004-public-macro-names.md (${m.kind === 'test' ? 'tests: stream_table_<what holds>' : `${spec.package.macroPrefix}_<verb or noun>, or <verb>_all_stream_tables[_<qualifier>]`})`,
      );
    }
  }
  // A shared public-macro template is a capability a target may leave out; a target's own must be declared.
  for (const [name, origin] of Object.entries(input.templateOrigins ?? {})) {
    if (!isPublicMacroTemplate(name) || spec.macros.some((m) => macroTemplatePath(spec, m) === name)) continue;
    at(origin)(`renders a public macro, which ${FILE} does not declare (private macros start with '_')`);
  }
  // The predecessor's retired macros are rendered under their own names: none may be a macro of this package, or
  // a wrapper of a function, and each says what to use instead.
  const PREDECESSOR = specFile(spec, 'predecessor.ts');
  const wrapperNames = new Set(spec.functions.filter((f) => f.wrapped).flatMap((f) => [executorMacroName(spec, f.name), sqlMacroName(f.name)]));
  const retiredSeen = new Set<string>();
  for (const r of spec.predecessor?.retiredMacros ?? []) {
    const error = at(PREDECESSOR, { kind: 'macro', name: r.name });
    if (names.has(r.name) || wrapperNames.has(r.name)) error(`'${r.name}' is retired, but the package has a macro of that name`);
    if (retiredSeen.has(r.name)) error(`'${r.name}' is retired twice`);
    retiredSeen.add(r.name);
    if (!/^[a-z_][a-z0-9_]*$/.test(r.name)) error(`'${r.name}' is not a macro name`);
    if (r.replacement.trim() === '') error(`'${r.name}' names no replacement`);
  }
  for (const m of spec.macros)
    for (const a of m.args)
      if (a.orName === true && a.type !== 'any')
        at(FILE, { kind: 'macro', name: m.name })(`argument '${a.name}' takes a relation or a name, so its type must be 'any', not '${a.type}'`);
  for (const [file, entity, text] of describedTexts(spec)) {
    if (/\{\{|\{%|\{#/.test(text))
      at(file, entity)(`a description contains a Jinja delimiter ({{, {% or {#), which dbt would render in the macro docs: ${text}`);
  }
  return out;
}

/** Every description that ends up in the package's property YAML, with where it lives. */
function describedTexts(spec: Target): [string, Diagnostic['entity'], string][] {
  const FILE = specFile(spec, 'macros.ts');
  return [
    ...spec.macros.flatMap((m): [string, Diagnostic['entity'], string][] => [
      [FILE, { kind: 'macro', name: m.name }, m.description],
      ...m.args.map((a): [string, Diagnostic['entity'], string] => [FILE, { kind: 'macro', name: m.name }, a.description]),
    ]),
    ...spec.functions
      .filter((f) => f.wrapped)
      .flatMap((f): [string, Diagnostic['entity'], string][] => [
        [functionSourcePath(spec, f.name), { kind: 'function', name: f.name }, f.description],
        ...f.args.map((a): [string, Diagnostic['entity'], string] => [functionSourcePath(spec, f.name), { kind: 'function', name: f.name }, a.description]),
      ]),
  ];
}
