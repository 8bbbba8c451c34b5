/** The published revision is the content folder: reading one of its files and its SHA-256. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PublishedFile {
  text: string;
  sha256: string;
}

export const sha256Of = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A path inside the content folder: relative, posix, no "..", no empty part. */
export const isSafeContentPath = (path: string) =>
  path !== '' && !path.startsWith('/') && !path.split('/').some((part) => part === '..' || part === '');

/** The published file at a content path ('papers/x.yaml'), or undefined when there is none. */
export async function readPublished(contentDir: string, path: string): Promise<PublishedFile | undefined> {
  if (!isSafeContentPath(path)) throw new Error(`not a content path: ${path}`);
  try {
    const text = await readFile(join(contentDir, ...path.split('/')), 'utf8');
    return { text, sha256: sha256Of(text) };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}
