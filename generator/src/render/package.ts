import type { Target } from '../../../spec/types.ts';
import { withHeader } from '../header.ts';
import type { ChangelogModel } from '../model/changelog-model.ts';
import type { PackageModel } from '../model/package-model.ts';
import { isPublicMacroTemplate } from '../naming.ts';
import type { FileOutput } from '../types.ts';
import type { TemplateEngine } from './handlebars.ts';
import { wrapJinja } from './wrap-jinja.ts';
import {
  integrationPackagesYaml,
  integrationProfilesYaml,
  integrationProjectYaml,
  integrationSchemaYaml,
  macroDocsYaml,
  packageProjectYaml,
  toYaml,
} from './yaml.ts';

const PKG_TEMPLATES = 'package/';
/** Templates rendered once per wrapped function rather than mirrored. */
const PER_WRAPPER = {
  sql: 'package/macros/api/get_function_sql.sql.hbs',
  executor: 'package/macros/api/function.sql.hbs',
} as const;
/** Rendered once per macro of the predecessor package that this one does not have (spec predecessor.retiredMacros). */
const PER_RETIRED = 'package/macros/retired/retired.sql.hbs';

/** Renders the dbt package: mirrored templates, one pair of API macros per wrapped function, and YAML built as objects. */
export function renderPackage(
  model: PackageModel,
  changelog: ChangelogModel,
  templates: Readonly<Record<string, string>>,
  engine: TemplateEngine,
  origins: Readonly<Record<string, string>> = {},
  /**
   * Wrap macro lines over 150 characters (render/wrap-jinja.ts), so generated Jinja reads as hand-written; tested to
   * change nothing dbt compiles (wrapped and unwrapped macros compile to the same code in dbt's Jinja). Off only in
   * that equivalence test.
   */
  wrap = true,
): FileOutput[] {
  const out: FileOutput[] = [];
  const SPEC_SOURCES = [model.specIndex];
  const add = (rel: string, body: string, sources: readonly string[]) => {
    const path = `${model.outputDir}/${rel}`;
    const contents = withHeader(path, body, sources);
    out.push({ path, contents: wrap && rel.startsWith('macros/') && rel.endsWith('.sql') ? wrapJinja(contents) : contents });
  };

  for (const name of Object.keys(templates).sort()) {
    if (!name.startsWith(PKG_TEMPLATES) || name === PER_WRAPPER.sql || name === PER_WRAPPER.executor || name === PER_RETIRED) continue;
    // a public macro's template is declared in the target's macros.ts (validate/macros.ts), and its file is named
    // after the macro; the rest are sourced as themselves
    const macro = model.macros.find((m) => m.template === name);
    if (macro === undefined && isPublicMacroTemplate(name)) continue; // a macro this target does not offer
    const mirrored = name
      .slice(PKG_TEMPLATES.length)
      .replace(/\.hbs$/, '')
      .replace(/(^|\/)gitignore$/, '$1.gitignore');
    const rel = macro ? `macros/${macro.folder}/${macro.name}.sql` : mirrored;
    const body = engine.render(name, { model, macro: macro ?? null, changelog });
    const fragments = rel === 'CHANGELOG.md' ? [`${model.changelogDir}/**/*.md`] : [];
    add(rel, body, macro ? macro.sources : [...SPEC_SOURCES, ...fragments, origins[name] ?? `generator/templates/${name}`]);
  }

  for (const w of model.wrappers) {
    add(`macros/api/${w.sql.name}.sql`, engine.render(PER_WRAPPER.sql, { model, wrapper: w, macro: w.sql }), w.sql.sources);
    add(`macros/api/${w.executor.name}.sql`, engine.render(PER_WRAPPER.executor, { model, wrapper: w, macro: w.executor }), w.executor.sources);
  }

  for (const retired of model.predecessor?.retired ?? []) {
    add(`macros/retired/${retired.name}.sql`, engine.render(PER_RETIRED, { model, retired }), [model.specPredecessor, `generator/templates/${PER_RETIRED}`]);
  }

  const yamlSources = [...SPEC_SOURCES, 'generator/src/render/yaml.ts'];
  add('dbt_project.yml', toYaml(packageProjectYaml(model)), yamlSources);
  for (const group of model.macroFolders) {
    add(`macros/${group.folder}/${group.folder}.yml`, toYaml(macroDocsYaml(group.macros)), [
      model.specMacros,
      model.specFunctions,
      'generator/src/render/yaml.ts',
    ]);
  }
  add('integration_tests/dbt_project.yml', toYaml(integrationProjectYaml(model)), yamlSources);
  add('integration_tests/profiles.yml', toYaml(integrationProfilesYaml(model)), yamlSources);
  add('integration_tests/packages.yml', toYaml(integrationPackagesYaml()), yamlSources);
  add('integration_tests/models/marts/schema.yml', toYaml(integrationSchemaYaml(model)), yamlSources);
  return out;
}

/** Lists every generated file, so files that cannot hold a header (CSV) are still known as generated. */
export function renderManifest(spec: Target, files: readonly FileOutput[]): FileOutput {
  const path = `${spec.package.outputDir}/GENERATED_FILES.yml`;
  const list = files.map((f) => f.path).sort();
  const body = toYaml({ generated_files: [...list, path].sort() });
  return { path, contents: withHeader(path, body, ['every file below, by the generator']) };
}
