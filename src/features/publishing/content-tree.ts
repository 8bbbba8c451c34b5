/**
 * A content folder as a tree: posix path → file text, or bytes for an image (a speaker's
 * photo). Its hash names a whole state of the folder (the same files give the same hash
 * wherever they are written); a file's hash is the SHA-256 of its bytes either way.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, renameSync, rmdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** A file's body: text (UTF-8) or, for an image, its bytes. */
export type FileBody = string | Uint8Array;
export type Tree = Map<string, FileBody>;

/** Files kept as bytes: the image types the content may hold (speaker photos). */
export const binaryExtensions = ['jpg', 'jpeg', 'png', 'webp'] as const;

export function isBinaryPath(path: string): boolean {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (binaryExtensions as readonly string[]).includes(ext ?? '');
}

export function sha256(body: FileBody): string {
  return typeof body === 'string'
    ? createHash('sha256').update(body, 'utf8').digest('hex')
    : createHash('sha256').update(body).digest('hex');
}

export function sameBody(a: FileBody | undefined, b: FileBody | undefined): boolean {
  if (typeof a === 'string' || typeof b === 'string' || a === undefined || b === undefined) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** One hash for the whole tree: sorted "path NUL sha256" lines. */
export function treeHash(files: Iterable<[string, string]>): string {
  const lines = [...files].map(([path, sha]) => `${path}\0${sha}\n`).sort();
  return sha256(lines.join(''));
}

export function treeHashOf(tree: Tree): string {
  return treeHash([...tree].map(([path, body]) => [path, sha256(body)]));
}

/** Every file under `dir` (dot files and folders left out): images as bytes, the rest as UTF-8 text. */
export function readTree(dir: string): Tree {
  const tree: Tree = new Map();
  if (!existsSync(dir)) return tree;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(dir, full).split(sep).join('/');
    if (path.split('/').some((part) => part.startsWith('.'))) continue;
    tree.set(path, isBinaryPath(path) ? readFileSync(full) : readFileSync(full, 'utf8'));
  }
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A path a draft may name: relative, posix, no "..", no dot files. */
export function isSafePath(path: string): boolean {
  return (
    path.length > 0 &&
    path.length <= 300 &&
    !path.startsWith('/') &&
    !path.includes('\\') &&
    path.split('/').every((p) => p !== '' && !p.startsWith('.'))
  );
}

/**
 * Makes `dir` hold exactly `tree`: writes files that differ (through a temporary name and a
 * rename, so a reader never sees half a file), deletes files the tree does not have.
 * Returns the number of files written and deleted.
 */
export function writeTree(dir: string, tree: Tree): { written: number; deleted: number } {
  const current = readTree(dir);
  let written = 0;
  let deleted = 0;
  for (const [path, body] of tree) {
    if (sameBody(current.get(path), body)) continue;
    const file = join(dir, ...path.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    const temporary = join(dirname(file), `.${process.pid}.tmp`);
    writeFileSync(temporary, body);
    renameSync(temporary, file);
    written++;
  }
  for (const path of current.keys()) {
    if (tree.has(path)) continue;
    const file = join(dir, ...path.split('/'));
    rmSync(file, { force: true });
    deleted++;
    // leave no empty folder behind (a removed language folder of pages)
    for (let folder = dirname(file); folder.startsWith(dir) && folder !== dir; folder = dirname(folder)) {
      try {
        rmdirSync(folder);
      } catch {
        break;
      }
    }
  }
  return { written, deleted };
}
