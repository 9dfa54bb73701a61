/** Uses ts-morph where source text matters: each spec entity lives in its own file and cites the reference. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Project, SyntaxKind } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { targets } from '../../spec/index.ts';
import { catalogSourcePath, functionSourcePath } from '../src/naming.ts';

const root = join(import.meta.dirname, '..', '..');
const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });

function declares(path: string, sqlName: string): { found: boolean; jsdoc: string } {
  const sf = project.addSourceFileAtPath(join(root, path));
  const decl = sf
    .getVariableStatements()
    .find((v) => v.getDescendantsOfKind(SyntaxKind.PropertyAssignment).some((p) => p.getName() === 'name' && p.getInitializer()?.getText() === `'${sqlName}'`));
  return {
    found: decl !== undefined,
    jsdoc:
      decl
        ?.getJsDocs()
        .map((d) => d.getText())
        .join('\n') ?? '',
  };
}

describe.each(targets.map((t) => [t.id, t] as const))('spec source layout of target %s', (_, spec) => {
  it.each(spec.functions.map((f) => f.name))('function %s is declared in its own file with a JSDoc that cites the reference', (name) => {
    const path = functionSourcePath(spec, name);
    expect(existsSync(join(root, path)), path).toBe(true);
    const { found, jsdoc } = declares(path, name);
    expect(found).toBe(true);
    expect(jsdoc).toMatch(/(reference|observed) §\d+/);
  });
  it.each(spec.catalog.map((r) => r.name))('catalog relation %s is declared in its own file with a JSDoc that cites the reference', (name) => {
    const path = catalogSourcePath(spec, name);
    const { found, jsdoc } = declares(path, name);
    expect(found).toBe(true);
    expect(jsdoc).toMatch(/(reference|observed) §\d+/);
  });
});

describe.each(targets.filter((t) => t.predecessor !== undefined).map((t) => [t.id, t] as const))('the predecessor package of target %s', (_, spec) => {
  it.each(spec.predecessor?.differences.map((d) => [d.topic, d.shownBy] as const) ?? [])(
    'difference %s is shown by an existing scenario that runs on this target',
    (_topic, shownBy) => {
      const path = join(root, 'integration_tests', 'scenarios', shownBy);
      expect(existsSync(path), path).toBe(true);
      // a scenario written for other targets only would show nothing here
      expect(readFileSync(path, 'utf8')).not.toMatch(new RegExp(`skippedOnTarget\\(\\[(?![^\\]]*'${spec.id}')`));
    },
  );
});
