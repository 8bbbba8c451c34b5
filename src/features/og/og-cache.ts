/**
 * Open Graph pictures drawn on request and kept on disk, named by a hash of what they show.
 * Drawn at build time they were three files per paper (30,000 PNGs at 10,000 papers) that every
 * publish restored and copied again, for pictures only link previews ever fetch. A picture is
 * drawn the first time a crawler asks for it; the same card never twice, on any instance that
 * shares the folder, and a changed title is simply a new name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OG_DRAWING, renderOgPng, type OgCard } from './og-image.ts';

export interface OgPicture {
  png: Buffer;
  /** strong validator: the name of the cached file */
  etag: string;
}

/** The cache name of a card: what it shows and the version of the drawing. */
export function ogKey(card: OgCard): string {
  return createHash('sha256')
    .update(JSON.stringify([OG_DRAWING, card.kicker ?? null, card.title, card.footer]))
    .digest('hex');
}

const inFlight = new Map<string, Promise<Buffer>>();
/** Pictures are drawn one at a time: a burst of first requests queues instead of taking every core. */
let queue: Promise<unknown> = Promise.resolve();

async function drawAndKeep(dir: string, file: string, card: OgCard): Promise<Buffer> {
  const png = await renderOgPng(card);
  try {
    await mkdir(dir, { recursive: true });
    // Written under a temporary name and renamed, so a reader never sees half a file.
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, png);
    await rename(temporary, file);
  } catch {
    // A full or read-only disk costs a drawing per request, not the picture.
  }
  return png;
}

/** The picture of `card`: from `dir` when it was drawn before, else drawn now and kept there. */
export async function ogPicture(dir: string, card: OgCard): Promise<OgPicture> {
  const key = ogKey(card);
  const file = join(dir, `${key}.png`);
  const etag = `"${key}"`;
  const kept = await readFile(file).catch(() => undefined);
  if (kept) return { png: kept, etag };
  let drawing = inFlight.get(key);
  if (!drawing) {
    drawing = queue.then(() => drawAndKeep(dir, file, card)).finally(() => inFlight.delete(key));
    queue = drawing.catch(() => undefined);
    inFlight.set(key, drawing);
  }
  return { png: await drawing, etag };
}
