/**
 * The first file of a multipart/form-data body, streamed: its name and its bytes as they
 * arrive, never the whole body in memory (a form's file upload, without JavaScript). Only what
 * the upload form sends is understood: parts with Content-Disposition headers; the first one
 * with a filename is the file.
 */

export interface FilePart {
  filename: string;
  /** the file's bytes, read from the request as they are consumed */
  data: AsyncGenerator<Uint8Array>;
}

/** The boundary of a multipart/form-data Content-Type, or undefined. */
export function multipartBoundary(contentType: string | null): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

export async function firstFilePart(body: ReadableStream<Uint8Array>, boundary: string): Promise<FilePart | undefined> {
  const reader = body.getReader();
  let buffer = Buffer.alloc(0);
  let ended = false;
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      return false;
    }
    buffer = buffer.length === 0 ? Buffer.from(value) : Buffer.concat([buffer, value]);
    return true;
  };
  const delimiter = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);

  // the first delimiter
  while (buffer.indexOf(delimiter) === -1) {
    if (buffer.length > 64 * 1024 || !(await more())) return undefined;
  }
  buffer = buffer.subarray(buffer.indexOf(delimiter) + delimiter.length);
  for (;;) {
    while (buffer.indexOf(CRLFCRLF) === -1) {
      if (buffer.length > 16 * 1024 || !(await more())) return undefined;
    }
    const headerEnd = buffer.indexOf(CRLFCRLF);
    const headers = buffer.subarray(0, headerEnd).toString('utf8');
    buffer = buffer.subarray(headerEnd + CRLFCRLF.length);
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const filename = /filename="([^"]*)"/i.exec(disposition)?.[1];
    if (filename === undefined) {
      // a plain field: skip to the next part
      while (buffer.indexOf(between) === -1) {
        if (buffer.length > 64 * 1024 || !(await more())) return undefined;
      }
      buffer = buffer.subarray(buffer.indexOf(between) + between.length);
      continue;
    }
    async function* data(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) {
          const at = buffer.indexOf(between);
          if (at !== -1) {
            if (at > 0) yield buffer.subarray(0, at);
            return;
          }
          // keep what could be the start of the delimiter
          const safe = buffer.length - between.length;
          if (safe > 0) {
            const chunk = buffer.subarray(0, safe);
            buffer = buffer.subarray(safe);
            yield chunk;
          }
          if (!(await more())) throw new Error('the upload ended before its closing boundary');
        }
      } finally {
        reader.releaseLock();
      }
    }
    return { filename: filename.split(/[\\/]/).pop() ?? '', data: data() };
  }
}
