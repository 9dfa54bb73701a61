import type { Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { FileOutput } from './types.ts';
import { RUNTIME_ARTIFACTS } from './types.ts';

/** Files on disk in the generated directories (`roots`, relative to `root`), runtime artifacts aside. */
async function listGenerated(root: string, roots: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const dir of roots) {
    let entries: Dirent[];
    try {
      entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isFile()) continue;
      const path = relative(root, join(e.parentPath, e.name)).split('\\').join('/');
      if (RUNTIME_ARTIFACTS.some((re) => re.test(path))) continue;
      found.push(path);
    }
  }
  return found.sort();
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface WriteReport {
  readonly written: readonly string[];
  readonly deleted: readonly string[];
  readonly unchanged: number;
}

/**
 * Writes changed files and deletes the files in `roots` (the directories the rendered targets own) that the
 * generator no longer produces. Nothing outside `roots` is written or deleted.
 */
export async function writeFiles(outputs: readonly FileOutput[], root: string, roots: readonly string[]): Promise<WriteReport> {
  const outside = outputs.filter((f) => !roots.some((r) => f.path.startsWith(`${r}/`)));
  if (outside.length > 0) throw new Error(`refusing to write outside the generated directories: ${outside.map((f) => f.path).join(', ')}`);
  const written: string[] = [];
  let unchanged = 0;
  for (const f of outputs) {
    const full = join(root, f.path);
    if ((await readOrUndefined(full)) === f.contents) {
      unchanged++;
      continue;
    }
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, f.contents, { mode: f.path.endsWith('.sh') ? 0o755 : 0o644 });
    written.push(f.path);
  }
  const wanted = new Set(outputs.map((f) => f.path));
  const deleted = (await listGenerated(root, roots)).filter((p) => !wanted.has(p));
  for (const p of deleted) await rm(join(root, p));
  return { written, deleted, unchanged };
}

export interface CheckReport {
  readonly stale: readonly { readonly path: string; readonly diff: string }[];
  readonly missing: readonly string[];
  readonly extra: readonly string[];
}

/** Compares the outputs with the files on disk in `roots`; writes nothing. */
export async function checkFiles(outputs: readonly FileOutput[], root: string, roots: readonly string[]): Promise<CheckReport> {
  const stale: { path: string; diff: string }[] = [];
  const missing: string[] = [];
  for (const f of outputs) {
    const current = await readOrUndefined(join(root, f.path));
    if (current === undefined) missing.push(f.path);
    else if (current !== f.contents)
      stale.push({ path: f.path, diff: createTwoFilesPatch(`a/${f.path}`, `b/${f.path}`, current, f.contents, 'committed', 'generated') });
  }
  const wanted = new Set(outputs.map((f) => f.path));
  const extra = (await listGenerated(root, roots)).filter((p) => !wanted.has(p));
  return { stale, missing, extra };
}

export function isClean(r: CheckReport): boolean {
  return r.stale.length === 0 && r.missing.length === 0 && r.extra.length === 0;
}
