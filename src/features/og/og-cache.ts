/**
 * Open Graph pictures drawn on request and kept on disk, named by a hash of what they show.
 * Drawn at build time they were three files per paper (30,000 PNGs at 10,000 papers) that every
 * publish restored and copied again, for pictures only link previews ever fetch. A picture is
 * drawn the first time a crawler asks for it; the same card never twice, on any instance that
 * shares the folder, and a changed title is simply a new name. The picture of an old title is
 * never asked for again: a picture unused for a month is deleted (pruneOgPictures, a daily job).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OG_DRAWING, renderOgPng, type OgCard } from './og-image.ts';

export interface OgPicture {
  png: Buffer;
  /** strong validator: the name of the cached file */
  etag: string;
}

/** Where the pictures of a forum are kept: DATA_DIR/og. */
export const ogFolder = (dataDir: string): string => join(dataDir, 'og');

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
  if (kept) {
    void markUsed(file);
    return { png: kept, etag };
  }
  let drawing = inFlight.get(key);
  if (!drawing) {
    drawing = queue.then(() => drawAndKeep(dir, file, card)).finally(() => inFlight.delete(key));
    queue = drawing.catch(() => undefined);
    inFlight.set(key, drawing);
  }
  return { png: await drawing, etag };
}

const day = 24 * 60 * 60 * 1000;
/** A picture not asked for in this long is deleted; its card has most likely changed since. */
export const ogUnusedFor = 30 * day;

/** The file's time says when it was last served; refreshed at most once a day (one stat a hit). */
async function markUsed(file: string): Promise<void> {
  try {
    if (Date.now() - (await stat(file)).mtimeMs < day) return;
    const now = new Date();
    await utimes(file, now, now);
  } catch {
    // deleted meanwhile, or a read-only disk: the picture is drawn again if needed
  }
}

/**
 * Delete the pictures in `dir` unused for `unusedFor` (ogUnusedFor) and the temporary files of
 * drawings that never finished (older than an hour). Returns how many files were deleted.
 * A picture deleted while still in use is only drawn again on its next request.
 */
export async function pruneOgPictures(dir: string, now: Date, unusedFor = ogUnusedFor): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let deleted = 0;
  for (const name of names) {
    const limit = name.endsWith('.png') ? unusedFor : name.endsWith('.tmp') ? 60 * 60 * 1000 : undefined;
    if (limit === undefined) continue;
    const file = join(dir, name);
    try {
      if (now.getTime() - (await stat(file)).mtimeMs <= limit) continue;
      await unlink(file);
      deleted++;
    } catch {
      // gone already (another instance pruned it)
    }
  }
  return deleted;
}

let lastPrune = 0;
/** pruneOgPictures at most once a day per process (the jobs run every few seconds). */
export async function pruneOgPicturesDaily(dir: string, now: Date): Promise<number> {
  if (now.getTime() - lastPrune < day) return 0;
  lastPrune = now.getTime();
  return pruneOgPictures(dir, now);
}
