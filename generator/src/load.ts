import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Spec } from '../../spec/types.ts';
import type { DbtVersions, Diagnostic, GeneratorInput } from './types.ts';

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
  const [spec, templates, emulatorSources, versions] = await Promise.all([
    loadSpec(root, specModule),
    readTree(join(root, 'generator/templates'), '.hbs'),
    readTree(join(root, 'integration_tests/emulator/src'), '.sql'),
    readFile(join(root, 'dbt-versions.json'), 'utf8'),
  ]);
  return { spec, templates, emulatorSources, dbtVersions: JSON.parse(versions) as DbtVersions };
}

/**
 * `file:line: message` for each diagnostic. Uses ts-morph (loaded only when there is something to
 * report) to find the line of the entity a diagnostic names, e.g. `name: 'schedule'` in spec/config-keys.ts.
 */
export async function formatDiagnostics(root: string, diagnostics: readonly Diagnostic[]): Promise<string[]> {
  const { Project, SyntaxKind } = await import('ts-morph');
  const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  return diagnostics.map((d) => {
    const file = d.where.split(' ')[0] ?? d.where;
    const entity = /'([^']+)'/.exec(d.where)?.[1];
    let line: number | undefined;
    if (file.endsWith('.ts') && !file.includes('*')) {
      try {
        const sf = project.addSourceFileAtPath(resolve(root, file));
        const hit = sf
          .getDescendantsOfKind(SyntaxKind.PropertyAssignment)
          .find((p) => p.getName() === 'name' && entity !== undefined && p.getInitializer()?.getText() === `'${entity}'`);
        line = hit?.getStartLineNumber();
      } catch {
        line = undefined;
      }
    }
    return `${file}${line !== undefined ? `:${line}` : ''}: ${d.where.slice(file.length).trim()} ${d.message}`.replace(/\s+/g, ' ');
  });
}
