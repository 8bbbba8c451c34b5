/** Reading request bodies with a size limit, so a large upload cannot fill the server's memory. */

/**
 * The request's body as UTF-8 text, or undefined when it is larger than `maxBytes`. A declared
 * Content-Length over the limit is refused before a byte is read; a body without one (chunked)
 * is read only until it passes the limit. The rest is never read: answer with
 * `Connection: close` so the server drops it with the connection.
 */
export async function readBodyUpTo(request: Request, maxBytes: number): Promise<string | undefined> {
  const declared = request.headers.get('content-length');
  if (declared !== null && !(/^\d+$/.test(declared.trim()) && Number(declared) <= maxBytes)) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) return undefined;
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks).toString('utf8');
}
