/**
 * The check of rendered Markdown: what a user reads on the git host is the GFM rendering, not the source. Every
 * generated `.md` file is parsed with markdown-it (CommonMark + GFM tables) and must have
 *   - every table row inside its table (a blank line between rows turns the rest into stray paragraphs of pipes),
 *     each row with as many cells as the header (GFM silently drops extra cells);
 *   - every relative link resolving to a generated file (and an `#anchor` to a heading of it), inside the package;
 * and no generated file may cite a document the package's users do not have (this project's reference notes).
 */
import GithubSlugger from 'github-slugger';
import MarkdownIt, { type Token } from 'markdown-it';
import type { FileOutput } from '../types.ts';
import type { Diagnostic } from './diagnostic.ts';

const md = new MarkdownIt('commonmark').enable(['table', 'strikethrough']);

/** Citations of documents that only this repository's developers have (its reference notes), never its users. */
const FOREIGN_REFERENCES: readonly { readonly re: RegExp; readonly what: string }[] = [
  { re: /§\s*\d/, what: 'a section (§) of a reference document the package does not ship' },
  { re: /shared\/(reference|seed)\//, what: "this repository's shared notes" },
  { re: /\b[a-z]+-(observed|sql-api)\.md\b/, what: "this repository's reference notes" },
];

/** Cells of one source table row: split on pipes that are not backslash-escaped, without the outer ones. */
export function tableCells(line: string): number {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  return s.split(/(?<!\\)\|/).length;
}

function checkTables(file: string, src: string, tokens: readonly Token[], report: (m: string) => void): void {
  const lines = src.split('\n');
  const inTable = new Set<number>();
  const inCode = new Set<number>();
  for (const t of tokens) {
    if (!t.map) continue;
    const [from, to] = t.map;
    if (t.type === 'table_open') {
      const header = lines[from] ?? '';
      const want = tableCells(header);
      for (let i = from; i < to; i++) {
        inTable.add(i);
        const got = tableCells(lines[i] ?? '');
        if (i !== from && got !== want) report(`line ${i + 1}: a table row with ${got} cells under a header with ${want}: ${clip(lines[i])}`);
      }
    }
    if (t.type === 'fence' || t.type === 'code_block' || t.type === 'html_block') for (let i = from; i < to; i++) inCode.add(i);
  }
  lines.forEach((l, i) => {
    if (/^\s*\|/.test(l) && !inTable.has(i) && !inCode.has(i))
      report(`line ${i + 1}: a table row outside any table (renders as a paragraph of pipes): ${clip(l)}`);
  });
  void file;
}

const clip = (s: string | undefined) => {
  const t = (s ?? '').trim();
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
};

/** Heading anchors of a Markdown text, as the git host makes them. */
function anchorsOf(tokens: readonly Token[]): Set<string> {
  const slugger = new GithubSlugger();
  const out = new Set<string>();
  tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const inline = tokens[i + 1];
    const text = (inline?.children ?? []).map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : '')).join('');
    out.add(slugger.slug(text));
  });
  return out;
}

function links(tokens: readonly Token[]): { href: string; line: number }[] {
  const out: { href: string; line: number }[] = [];
  for (const t of tokens) {
    for (const c of t.children ?? []) if (c.type === 'link_open') out.push({ href: String(c.attrGet('href') ?? ''), line: (t.map?.[0] ?? 0) + 1 });
  }
  return out;
}

/** `a/b/../c` → `a/c`; undefined when it climbs above the root. */
function normalise(path: string): string | undefined {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(p);
  }
  return parts.join('/');
}

/**
 * Checks the generated files under `root` (a package directory): Markdown rendering and links for `.md` files,
 * foreign references for every file.
 */
export function checkRenderedMarkdown(root: string, files: readonly FileOutput[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const inRoot = files.filter((f) => f.path.startsWith(`${root}/`));
  const byPath = new Map(inRoot.map((f) => [f.path, f]));
  const dirs = new Set(inRoot.flatMap((f) => f.path.split('/').map((_, i, a) => a.slice(0, i).join('/'))));
  const parsed = new Map<string, Token[]>();
  const parse = (f: FileOutput) => {
    let t = parsed.get(f.path);
    if (!t) {
      t = md.parse(f.contents, {});
      parsed.set(f.path, t);
    }
    return t;
  };
  for (const f of inRoot) {
    const report = (message: string) => out.push({ file: f.path, message });
    f.contents.split('\n').forEach((l, i) => {
      const r = FOREIGN_REFERENCES.find((x) => x.re.test(l));
      if (r) report(`line ${i + 1}: cites ${r.what}; state the fact, or cite what users can open: ${clip(l)}`);
    });
    if (!f.path.endsWith('.md')) continue;
    const tokens = parse(f);
    checkTables(f.path, f.contents, tokens, report);
    const here = f.path.slice(0, f.path.lastIndexOf('/'));
    for (const { href, line } of links(tokens)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue;
      const [pathPart = '', anchor] = href.split('#', 2);
      const target = pathPart === '' ? f.path : normalise(`${here}/${decodeURI(pathPart)}`);
      if (target === undefined || !(target === root || target.startsWith(`${root}/`))) {
        report(`line ${line}: link ${href} leads outside the package (${root}), which users install alone`);
        continue;
      }
      const file = byPath.get(target);
      if (!file && !dirs.has(target)) {
        report(`line ${line}: link ${href} does not resolve: no generated file ${target}`);
        continue;
      }
      if (anchor !== undefined && file?.path.endsWith('.md') && !anchorsOf(parse(file)).has(anchor)) {
        report(`line ${line}: link ${href}: ${target} has no heading with anchor #${anchor}`);
      }
    }
  }
  return out;
}
