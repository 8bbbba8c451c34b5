import { describe, expect, it } from 'vitest';
import { readBodyUpTo } from '../../src/server/request-body.ts';

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** A request whose body is produced on demand, counting the bytes anyone pulled from it. */
function streamingRequest(totalBytes: number, headers: Record<string, string> = {}) {
  const produced = { bytes: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced.bytes >= totalBytes) return controller.close();
      const size = Math.min(CHUNK, totalBytes - produced.bytes);
      produced.bytes += size;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
    cancel() {
      produced.cancelled = true;
    },
  });
  const request = new Request('http://forum.test/api/stripe/webhook', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  return { request, produced };
}

describe('request bodies with a size limit', () => {
  it('test_a_declared_50_mb_body_is_refused_without_reading_it', async () => {
    const { request, produced } = streamingRequest(50 * MB, { 'content-length': String(50 * MB) });
    expect(await readBodyUpTo(request, MB)).toBeUndefined();
    // At most what the stream queues on its own before anyone reads (one chunk).
    expect(produced.bytes).toBeLessThanOrEqual(CHUNK);
  });

  it('test_a_chunked_50_mb_body_is_read_only_just_past_the_limit', async () => {
    const { request, produced } = streamingRequest(50 * MB);
    expect(await readBodyUpTo(request, MB)).toBeUndefined();
    expect(produced.bytes).toBeLessThanOrEqual(MB + 2 * CHUNK);
  });

  it('test_a_body_within_the_limit_is_read_whole', async () => {
    const { request } = streamingRequest(MB, { 'content-length': String(MB) });
    expect((await readBodyUpTo(request, MB))?.length).toBe(MB);
    const json = new Request('http://forum.test/', { method: 'POST', body: '{"id":"evt_1","text":"中文"}' });
    expect(await readBodyUpTo(json, MB)).toBe('{"id":"evt_1","text":"中文"}');
  });

  it('test_a_malformed_content_length_is_refused', async () => {
    const { request } = streamingRequest(10, { 'content-length': 'ten' });
    expect(await readBodyUpTo(request, MB)).toBeUndefined();
  });
});
