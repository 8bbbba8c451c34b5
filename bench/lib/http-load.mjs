// A lean HTTP/1.1 load generator for the serving benchmarks: keep-alive sockets, one request
// at a time on each, responses read with a minimal parser (Content-Length or chunked), so the
// client costs far less CPU than node:http's client and the servers' limits show.
import net from 'node:net';
import { percentile } from './results.mjs';

const CRLF2 = Buffer.from('\r\n\r\n');

/** Index just past one complete response at the start of `buf`, or -1 while incomplete; also its status. */
function responseEnd(buf) {
  const headEnd = buf.indexOf(CRLF2);
  if (headEnd === -1) return { end: -1 };
  const head = buf.toString('latin1', 0, headEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  const bodyStart = headEnd + 4;
  if (status === 304 || status === 204) return { end: bodyStart, status, body: 0 };
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    return { end: buf.length >= end ? end : -1, status, body: Number(length[1]) };
  }
  if (/\r\ntransfer-encoding:\s*chunked/.test(head)) {
    let at = bodyStart;
    let body = 0;
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', at, 'latin1');
      if (lineEnd === -1) return { end: -1 };
      const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
      at = lineEnd + 2 + size + 2;
      if (at > buf.length) return { end: -1 };
      body += size;
      if (size === 0) return { end: at, status, body };
    }
  }
  throw new Error(`response without length: ${head.split('\r\n')[0]}`);
}

/**
 * `connections` sockets ask `origin + path` for `seconds`; returns req/s, p99 (ms), body bytes
 * per response and the count of each status.
 */
export async function httpLoad({ origin, path, headers = {}, seconds, connections = 64 }) {
  const { hostname, port } = new URL(origin);
  const request = Buffer.from(
    [
      `GET ${path} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      'Connection: keep-alive',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n'),
  );
  const latencies = [];
  const statuses = {};
  let bytes = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const client = () =>
    new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname);
      socket.setNoDelay(true);
      let buf = Buffer.alloc(0);
      let sent = 0;
      const send = () => {
        sent = performance.now();
        socket.write(request);
      };
      socket.on('connect', send);
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        const { end, status, body } = responseEnd(buf);
        if (end === -1) return;
        latencies.push(performance.now() - sent);
        statuses[status] = (statuses[status] ?? 0) + 1;
        bytes += body;
        buf = buf.subarray(end);
        if (performance.now() < until) send();
        else {
          socket.end();
          resolve();
        }
      });
    });
  await Promise.all(Array.from({ length: connections }, client));
  const elapsed = (performance.now() - started) / 1000;
  return {
    rps: Math.round(latencies.length / elapsed),
    p99: Number(percentile(latencies, 99).toFixed(2)),
    bytesPerResponse: Math.round(bytes / Math.max(1, latencies.length)),
    statuses,
  };
}
