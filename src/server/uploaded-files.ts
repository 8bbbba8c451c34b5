/**
 * Serving uploads at /files/<sha256>.<ext>: the right type, immutable caching (the name is
 * the content's hash), an ETag, byte ranges for PDF readers. An instance that does not have the
 * file yet writes it from the database first.
 */
import { Readable } from 'node:stream';
import { mediaTypes, readStored, storedFile } from '../features/editing/upload.service.ts';
import { editingDeps } from './editing.ts';

const notFound = () => new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store', 'Content-Type': 'text/plain' } });

export async function servedUpload(file: string, request: Request, head: boolean): Promise<Response> {
  const match = /^([0-9a-f]{64})\.(pdf|jpg|png|webp)$/.exec(file);
  if (!match) return notFound();
  const [, sha256 = '', ext] = match;
  const stored = await storedFile(await editingDeps(), sha256);
  if (!stored || mediaTypes[stored.mediaType] !== ext) return notFound();
  const etag = `"${sha256}"`;
  const headers = new Headers({
    'Content-Type': stored.mediaType,
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: etag,
    'Accept-Ranges': 'bytes',
    'X-Content-Type-Options': 'nosniff',
  });
  if (
    request.headers
      .get('if-none-match')
      ?.split(',')
      .some((tag) => tag.trim() === etag)
  ) {
    return new Response(null, { status: 304, headers });
  }
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('range') ?? '');
  if (range && (range[1] || range[2])) {
    const size = stored.size;
    let start = range[1] ? Number(range[1]) : size - Number(range[2]);
    let end = range[1] && range[2] ? Number(range[2]) : size - 1;
    start = Math.max(0, start);
    end = Math.min(end, size - 1);
    if (start > end || start >= size) {
      headers.set('Content-Range', `bytes */${size}`);
      return new Response(null, { status: 416, headers });
    }
    headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
    headers.set('Content-Length', String(end - start + 1));
    const body = head ? null : (Readable.toWeb(readStored(stored, { start, end })) as ReadableStream<Uint8Array>);
    return new Response(body, { status: 206, headers });
  }
  headers.set('Content-Length', String(stored.size));
  const body = head ? null : (Readable.toWeb(readStored(stored)) as ReadableStream<Uint8Array>);
  return new Response(body, { status: 200, headers });
}
