/**
 * Uploaded images in a tree. A draft names an upload by a path relative to itself
 * (`photo: ./photos/<sha256>.jpg` in speakers/x.yaml); a publish puts the upload's bytes at
 * that path, so the build's image pipeline finds the file, and git users see it in content/.
 * An upload-named image no text file names any more (a replaced photo) leaves the tree.
 */
import { posix } from 'node:path';
import type { Executor } from '../../db/transaction.ts';
import { uploadBytes } from '../editing/upload.service.ts';
import { isBinaryPath, isSafePath, type Tree } from './content-tree.ts';

const uploadName = /^[0-9a-f]{64}\.(jpg|png|webp)$/;
const namedUpload = /\.\/[\w/-]*?[0-9a-f]{64}\.(?:jpg|png|webp)\b/g;

/** The upload-named images the text files at `paths` name, added to the tree from the uploads store. */
export async function addNamedUploads(db: Executor, tree: Tree, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const text = tree.get(path);
    if (typeof text !== 'string') continue;
    for (const [relative] of text.matchAll(namedUpload)) {
      const target = posix.join(posix.dirname(path), relative);
      if (!isSafePath(target) || tree.has(target)) continue;
      const bytes = await uploadBytes(db, posix.basename(target).slice(0, 64));
      // an unknown upload stays missing: the build names the file and field
      if (bytes) tree.set(target, bytes);
    }
  }
}

/** Removes upload-named images that no text file of the tree names. */
export function dropUnnamedUploads(tree: Tree): void {
  const images = [...tree.keys()].filter((path) => isBinaryPath(path) && uploadName.test(posix.basename(path)));
  if (images.length === 0) return;
  const texts = [...tree.values()].filter((body): body is string => typeof body === 'string');
  for (const path of images) {
    const name = posix.basename(path);
    if (!texts.some((text) => text.includes(name))) tree.delete(path);
  }
}
