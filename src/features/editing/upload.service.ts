/**
 * Uploaded files (paper PDFs, speaker photos), stored by content: the SHA-256 of the bytes is
 * the name. The body is streamed to a temporary file while it is hashed and counted (never held
 * whole in memory), its type is read from its first bytes (never from its name), and the limits
 * are enforced as it arrives. The bytes go into the database in ~1 MB chunks so every instance
 * can serve them; the file under DATA_DIR/uploads/ is a cache, made again from the database
 * when it is missing. Files are never under public/: a build does not copy them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { inTransaction, type Executor } from '../../db/transaction.ts';
import { iso, type Clock } from '../shared/clock.ts';
import { findUpload, insertChunk, insertUpload, readChunks } from './upload.repository.ts';

export interface UploadDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** DATA_DIR/uploads */
  uploadsDir: string;
}

/** What a field accepts: a PDF, or a photo (JPEG, PNG, WebP). */
export type UploadKind = 'pdf' | 'image';

const MB = 1024 * 1024;
export const uploadLimits: Record<UploadKind, number> = { pdf: 50 * MB, image: 5 * MB };
export const chunkSize = MB;

export const mediaTypes = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
} as const;
export type MediaType = keyof typeof mediaTypes;

/** The type the first bytes show, or undefined (at least 12 bytes are needed). */
export function sniff(head: Uint8Array): MediaType | undefined {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return undefined;
}

const accepted: Record<UploadKind, readonly MediaType[]> = {
  pdf: ['application/pdf'],
  image: ['image/jpeg', 'image/png', 'image/webp'],
};

/** The public address of an upload: /files/<sha256>.<ext>. */
export const uploadPath = (sha256: string, mediaType: MediaType) => `/files/${sha256}.${mediaTypes[mediaType]}`;

/** message keys of the editing catalogue */
export type UploadError = 'editing.upload.tooLarge' | 'editing.upload.wrongType' | 'editing.upload.empty';

export type UploadOutcome =
  { ok: true; sha256: string; mediaType: MediaType; size: number; path: string; duplicate: boolean } | { ok: false; error: UploadError };

export interface UploadInput {
  kind: UploadKind;
  body: AsyncIterable<Uint8Array>;
  originalName: string;
  userId: string;
}

/** Store an upload; refused when larger than its kind allows or not of an accepted type. */
export async function storeUpload(deps: UploadDeps, input: UploadInput): Promise<UploadOutcome> {
  await mkdir(deps.uploadsDir, { recursive: true });
  const temp = join(deps.uploadsDir, `.tmp-${randomBytes(8).toString('hex')}`);
  const limit = uploadLimits[input.kind];
  const hash = createHash('sha256');
  const out = createWriteStream(temp);
  let size = 0;
  let head = Buffer.alloc(0);
  let mediaType: MediaType | undefined;
  // the stream opens its file asynchronously: wait until it is closed before removing it
  const discard = async () => {
    if (!out.closed) await new Promise<void>((resolve) => (out.once('close', () => resolve()), out.destroy()));
    await rm(temp, { force: true });
  };
  const refuse = async (error: UploadError): Promise<UploadOutcome> => {
    await discard();
    return { ok: false, error };
  };
  try {
    for await (const chunk of input.body) {
      size += chunk.byteLength;
      if (size > limit) return await refuse('editing.upload.tooLarge');
      if (mediaType === undefined) {
        head = Buffer.concat([head, chunk]);
        if (head.length >= 12) {
          mediaType = sniff(head);
          if (!mediaType || !accepted[input.kind].includes(mediaType)) return await refuse('editing.upload.wrongType');
        }
      }
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    if (size === 0) return await refuse('editing.upload.empty');
    if (mediaType === undefined) {
      mediaType = sniff(head);
      if (!mediaType || !accepted[input.kind].includes(mediaType)) return await refuse('editing.upload.wrongType');
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    await discard();
    throw error;
  }
  const sha256 = hash.digest('hex');
  const type = mediaType;
  const stored = await inTransaction(deps.db, async (trx) => {
    const fresh = await insertUpload(trx, {
      sha256,
      media_type: type,
      size,
      original_name: input.originalName.slice(0, 200),
      created_by: input.userId,
      created_at: iso(deps.clock.now()),
    });
    if (fresh) {
      const file = await open(temp, 'r');
      try {
        const buffer = Buffer.alloc(chunkSize);
        for (let n = 0, position = 0; position < size; n++) {
          const { bytesRead } = await file.read(buffer, 0, chunkSize, position);
          await insertChunk(trx, sha256, n, Buffer.from(buffer.subarray(0, bytesRead)));
          position += bytesRead;
        }
      } finally {
        await file.close();
      }
    }
    return fresh;
  });
  await rename(temp, join(deps.uploadsDir, sha256));
  return { ok: true, sha256, mediaType: type, size, path: uploadPath(sha256, type), duplicate: !stored };
}

export interface StoredFile {
  /** the file on this instance's disk */
  file: string;
  mediaType: MediaType;
  size: number;
}

/**
 * The file of an upload on this instance, written from the database first when this instance
 * does not have it yet (another instance took the upload); undefined when there is none.
 */
export async function storedFile(deps: UploadDeps, sha256: string): Promise<StoredFile | undefined> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  const row = await findUpload(deps.db, sha256);
  if (!row) return undefined;
  const file = join(deps.uploadsDir, sha256);
  const onDisk = await stat(file).catch(() => undefined);
  if (onDisk?.size !== row.size) {
    await mkdir(deps.uploadsDir, { recursive: true });
    const temp = `${file}.tmp-${randomBytes(8).toString('hex')}`;
    const out = createWriteStream(temp);
    const hash = createHash('sha256');
    try {
      for await (const chunk of readChunks(deps.db, sha256)) {
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      if (hash.digest('hex') !== sha256) throw new Error(`upload ${sha256}: the stored chunks do not match their hash`);
      await rename(temp, file);
    } catch (error) {
      out.destroy();
      await rm(temp, { force: true });
      throw error;
    }
  }
  return { file, mediaType: row.media_type as MediaType, size: row.size };
}

/** A readable stream of a stored file (a byte range: start and end inclusive). */
export const readStored = (stored: StoredFile, range?: { start: number; end: number }) =>
  createReadStream(stored.file, range ? { start: range.start, end: range.end } : {});

/** The type of an image by its file name's extension (a content file's photo). */
export function imageTypeOfName(name: string): MediaType | undefined {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg';
  if (ext === 'png') return 'image/png';
  if (ext === 'webp') return 'image/webp';
  return undefined;
}

/**
 * Keeps bytes already in memory (an image of the content folder) in the uploads store, inside
 * the caller's transaction; stored once per SHA-256. Returns that SHA-256.
 */
export async function keepBytes(db: Executor, input: { bytes: Uint8Array; name: string; createdBy: string; at: string }): Promise<string> {
  const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (await findUpload(db, sha256)) return sha256;
  const fresh = await insertUpload(db, {
    sha256,
    media_type: sniff(bytes) ?? imageTypeOfName(input.name) ?? 'application/octet-stream',
    size: bytes.length,
    original_name: input.name.slice(0, 200),
    created_by: input.createdBy,
    created_at: input.at,
  });
  if (fresh)
    for (let n = 0; n * chunkSize < bytes.length || n === 0; n++)
      await insertChunk(db, sha256, n, bytes.subarray(n * chunkSize, (n + 1) * chunkSize));
  return sha256;
}

/** The bytes of a stored upload read from the database (small files: photos), or undefined. */
export async function uploadBytes(db: Executor, sha256: string): Promise<Buffer | undefined> {
  if (!(await findUpload(db, sha256))) return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of readChunks(db, sha256)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Whether an upload of this SHA-256 and type is stored. */
export async function hasUpload(db: Executor, sha256: string, mediaType: MediaType): Promise<boolean> {
  return (await findUpload(db, sha256))?.media_type === mediaType;
}
