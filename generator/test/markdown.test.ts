import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pgstream } from '../../spec/pgstream/index.ts';
import { generate } from '../src/generate.ts';
import { loadInput } from '../src/load.ts';
import { checkRenderedMarkdown, tableCells } from '../src/validate/markdown.ts';

const root = join(import.meta.dirname, '..', '..');
const pkg = 'dist-package/p';
const file = (path: string, contents: string) => ({ path: `${pkg}/${path}`, contents });
const messages = (files: { path: string; contents: string }[]) => checkRenderedMarkdown(pkg, files).map((d) => `${d.file}: ${d.message}`);

const TABLE = '| Op | What |\n|---|---|\n| `a` | first |\n| `b` | second |\n';

describe('rendered Markdown', () => {
  it('passes a whole table, resolvable links and anchors', () => {
    const readme = `# P\n\n## Usage notes\n\n${TABLE}\nSee [the changelog](CHANGELOG.md), [usage](#usage-notes), [a macro](macros/a.sql) and [dbt](https://docs.getdbt.com).\n`;
    expect(messages([file('README.md', readme), file('CHANGELOG.md', '# Changelog\n'), file('macros/a.sql', 'select 1\n')])).toEqual([]);
  });

  it('fails a table whose rows are split by blank lines (Handlebars whitespace): the rows become stray paragraphs', () => {
    const broken = '| Op | What |\n|---|---|\n\n| `a` | first |\n\n| `b` | second |\n';
    expect(messages([file('README.md', broken)])).toEqual([
      `${pkg}/README.md: line 4: a table row outside any table (renders as a paragraph of pipes): | \`a\` | first |`,
      `${pkg}/README.md: line 6: a table row outside any table (renders as a paragraph of pipes): | \`b\` | second |`,
    ]);
  });

  it('fails a row with more cells than its header (GFM drops them silently)', () => {
    expect(messages([file('README.md', '| a | b |\n|---|---|\n| 1 | 2 | 3 |\n')])).toEqual([
      `${pkg}/README.md: line 3: a table row with 3 cells under a header with 2: | 1 | 2 | 3 |`,
    ]);
    expect(tableCells('| `x \\| y` | b |')).toBe(2);
  });

  it('ignores pipes in fenced code', () => {
    expect(messages([file('README.md', '# P\n\n```\n| not | a table |\n```\n')])).toEqual([]);
  });

  it('fails a link to a file that is not generated, to a missing anchor, and out of the package', () => {
    const readme = '# P\n\n[gone](docs/gone.md) [anchor](#nowhere) [repo](../../README.md) [x](CHANGELOG.md#missing)\n';
    expect(messages([file('README.md', readme), file('CHANGELOG.md', '# Changelog\n')])).toEqual([
      `${pkg}/README.md: line 3: link docs/gone.md does not resolve: no generated file ${pkg}/docs/gone.md`,
      `${pkg}/README.md: line 3: link #nowhere: ${pkg}/README.md has no heading with anchor #nowhere`,
      `${pkg}/README.md: line 3: link ../../README.md leads outside the package (${pkg}), which users install alone`,
      `${pkg}/README.md: line 3: link CHANGELOG.md#missing: ${pkg}/CHANGELOG.md has no heading with anchor #missing`,
    ]);
  });

  it('fails a citation of a document users do not have, in any generated file', () => {
    const out = messages([
      file('README.md', '# P\n\nStored verbatim (reference §6.3).\n'),
      file('macros/a.sql', '{#- Grammar of §10.1 -#}\nselect 1\n'),
      file('macros/b.sql', '-- see ../shared/reference/pgstream-observed.md\n'),
    ]);
    expect(out).toHaveLength(3);
    expect(out[0]).toContain('README.md: line 3: cites a section (§) of a reference document');
    expect(out[1]).toContain('macros/a.sql: line 1');
    expect(out[2]).toContain("macros/b.sql: line 1: cites this repository's shared notes");
  });

  it('passes the generated package (README, CHANGELOG and every macro)', async () => {
    const PACKAGE_ROOT = pgstream.package.outputDir;
    const { files, diagnostics } = generate(await loadInput(root));
    expect(diagnostics).toEqual([]);
    const markdown = files.filter((f) => f.path.startsWith(PACKAGE_ROOT) && f.path.endsWith('.md'));
    expect(markdown.map((f) => f.path)).toEqual([`${PACKAGE_ROOT}/CHANGELOG.md`, `${PACKAGE_ROOT}/README.md`]);
    expect(checkRenderedMarkdown(PACKAGE_ROOT, files)).toEqual([]);
  });
});
