/** The changelog's view model: committed fragments, grouped and ordered; the generator adds nothing of its own. */

/** Unreleased categories in the order they are shown (Keep a Changelog's names, lower case on disk). */
export const CHANGELOG_CATEGORIES = ['changed', 'added', 'fixed', 'removed', 'deprecated', 'security'] as const;

export interface ChangelogModel {
  readonly unreleased: readonly { readonly title: string; readonly entries: readonly string[] }[];
  /** Released entries, newest first, each exactly as committed. */
  readonly released: readonly string[];
}

const versionKey = (v: string) =>
  v
    .split('.')
    .map((n) => n.padStart(6, '0'))
    .join('.');

export function buildChangelogModel(fragments: Readonly<Record<string, string>>): ChangelogModel {
  const unreleased = CHANGELOG_CATEGORIES.map((category) => ({
    title: category[0]?.toUpperCase() + category.slice(1),
    entries: Object.keys(fragments)
      .filter((path) => path.startsWith(`unreleased/${category}/`))
      .sort()
      .map((path) => (fragments[path] ?? '').trimEnd()),
  })).filter((c) => c.entries.length > 0);
  const released = Object.keys(fragments)
    .filter((path) => path.startsWith('released/'))
    .sort((a, b) => (versionKey(a) < versionKey(b) ? 1 : -1))
    .map((path) => (fragments[path] ?? '').trimEnd());
  return { unreleased, released };
}
