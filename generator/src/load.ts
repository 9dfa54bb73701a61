import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DbtVersions } from '../../dbt-versions.ts';
import type { Spec } from '../../spec/types.ts';
import type { GeneratorInput } from './types.ts';
import { type Diagnostic, formatDiagnostic } from './validate/index.ts';

async function readTree(dir: string, suffix: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith(suffix)) continue;
    const full = join(e.parentPath, e.name);
    out[relative(dir, full).split('\\').join('/')] = await readFile(full, 'utf8');
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export async function loadSpec(root: string, specModule = 'spec/index.ts'): Promise<Spec> {
  const mod = (await import(pathToFileURL(resolve(root, specModule)).href)) as { spec?: Spec };
  if (mod.spec === undefined) throw new Error(`${specModule} does not export 'spec'`);
  return mod.spec;
}

export async function loadInput(root: string, specModule?: string): Promise<GeneratorInput> {
  const [spec, templates, emulatorSources, changelog, versions] = await Promise.all([
    loadSpec(root, specModule),
    readTree(join(root, 'generator/templates'), '.hbs'),
    readTree(join(root, 'integration_tests/emulator/src'), '.sql'),
    readTree(join(root, 'changelog'), '.md'),
    readFile(join(root, 'dbt-versions.json'), 'utf8'),
  ]);
  return { spec, templates, emulatorSources, changelog, dbtVersions: JSON.parse(versions) as DbtVersions };
}

/**
 * `file:line: (entity) message` for each diagnostic. Uses ts-morph (loaded only when there is something to report)
 * to find the line of the entity a diagnostic names, e.g. `name: 'schedule'` in spec/config-keys.ts.
 */
export async function formatDiagnostics(root: string, diagnostics: readonly Diagnostic[]): Promise<string[]> {
  const { Project, SyntaxKind } = await import('ts-morph');
  const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  const lineOf = (d: Diagnostic): number | undefined => {
    if (d.entity === undefined || !d.file.endsWith('.ts')) return undefined;
    try {
      const sf = project.getSourceFile(resolve(root, d.file)) ?? project.addSourceFileAtPath(resolve(root, d.file));
      return sf
        .getDescendantsOfKind(SyntaxKind.PropertyAssignment)
        .find((p) => (p.getName() === 'name' && p.getInitializer()?.getText() === `'${d.entity?.name}'`) || p.getName() === d.entity?.name)
        ?.getStartLineNumber();
    } catch {
      return undefined;
    }
  };
  return diagnostics.map((d) => formatDiagnostic({ ...d, line: d.line ?? lineOf(d) }));
}
