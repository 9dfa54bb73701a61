import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DbtVersions } from '../../dbt-versions.ts';
import type { Target } from '../../spec/types.ts';
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

/** The targets a spec module lists (`spec/index.ts` exports `targets`). */
export async function loadTargets(root: string, specModule = 'spec/index.ts'): Promise<readonly Target[]> {
  const mod = (await import(pathToFileURL(resolve(root, specModule)).href)) as { targets?: readonly Target[] };
  if (mod.targets === undefined) throw new Error(`${specModule} does not export 'targets'`);
  return mod.targets;
}

async function readTreeIfPresent(dir: string, suffix: string): Promise<Record<string, string>> {
  try {
    return await readTree(dir, suffix);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
}

/** The shared templates (generator/templates), keyed by path relative to it. */
export async function loadTemplates(root: string): Promise<Record<string, string>> {
  return await readTree(join(root, 'generator/templates'), '.hbs');
}

/** Reads every target's files and the shared ones. */
export async function loadInput(root: string, specModule?: string): Promise<GeneratorInput> {
  const [specs, templates, versions] = await Promise.all([
    loadTargets(root, specModule),
    loadTemplates(root),
    readFile(join(root, 'dbt-versions.json'), 'utf8'),
  ]);
  const dbtVersions = JSON.parse(versions) as DbtVersions;
  const targets = await Promise.all(
    specs.map(async (spec) => {
      // a target's own templates (a guard for one extension's defect) replace the shared ones at the same path
      const own = await readTreeIfPresent(join(root, 'spec', spec.id, 'templates'), '.hbs');
      const templateOrigins = Object.fromEntries(Object.keys(own).map((name) => [name, `spec/${spec.id}/templates/${name}`]));
      return {
        spec,
        templates: { ...templates, ...own },
        templateOrigins,
        dbtVersions,
        emulatorSources: await readTreeIfPresent(join(root, spec.emulator.sourceDir), '.sql'),
        changelog: await readTreeIfPresent(join(root, 'changelog', spec.id), '.md'),
      };
    }),
  );
  return { targets };
}

/**
 * `file:line: (entity) message` for each diagnostic. Uses ts-morph (loaded only when there is something to report)
 * to find the line of the entity a diagnostic names, e.g. `name: 'schedule'` in spec/pgstream/config-keys.ts.
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
