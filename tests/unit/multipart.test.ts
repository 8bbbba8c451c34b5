/** The streamed multipart reader of the upload endpoint: the first file's name and exact bytes, whatever the chunking. */
import { describe, expect, it } from 'vitest';
import { firstFilePart, multipartBoundary } from '../../src/server/multipart.ts';

const boundary = '----formBoundaryX7';
const file = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256)),
  Buffer.from('\r\n--not-the-boundary'),
]);
const body = Buffer.concat([
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n`),
  Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="C:\\docs\\paper.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  ),
  file,
  Buffer.from(`\r\n--${boundary}--\r\n`),
]);

const streamOf = (bytes: Buffer, piece: number) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += piece) controller.enqueue(bytes.subarray(i, i + piece));
      controller.close();
    },
  });

describe('multipart upload reader', () => {
  it('test_multipartBoundary_readsQuotedAndPlainBoundaries_andRefusesOtherTypes', () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${boundary}`)).toBe(boundary);
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/pdf')).toBeUndefined();
  });

  it.each([1, 7, 100, 4096, 1_000_000])('test_firstFilePart_chunksOf_%i_bytes_giveTheExactFile', async (piece) => {
    const part = await firstFilePart(streamOf(body, piece), boundary);
    expect(part?.filename).toBe('paper.pdf');
    const chunks: Uint8Array[] = [];
    for await (const chunk of part!.data) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(file)).toBe(true);
  });

  it('test_firstFilePart_withoutAFile_isUndefined', async () => {
    const noFile = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`);
    expect(await firstFilePart(streamOf(noFile, 10), boundary)).toBeUndefined();
  });
});
