// Memory of the server under an oversize Stripe webhook body.
//
// Starts the built server (dist/, or DIST_DIR) with webhook settings on a throwaway SQLite
// file, reads its resident memory (VmRSS) from /proc, posts a 50 MB unsigned body to
// /api/stripe/webhook twice (once with Content-Length, once chunked), and reads VmRSS and
// the peak (VmHWM) again. Prints the figures and the answers' status codes.
//
// Run after a build: node bench/webhook-body.mjs   (Linux: reads /proc/<pid>/status)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const MB = 1024 * 1024;
const SIZE = 50 * MB;

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

/** POST SIZE bytes in 64 KB chunks; chunked transfer when `withLength` is false. */
function post(port, withLength) {
  return new Promise((resolve) => {
    const headers = { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' };
    if (withLength) headers['content-length'] = String(SIZE);
    const req = http.request({ host: '127.0.0.1', port, path: '/api/stripe/webhook', method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    // The server may answer and close before the body is sent: that is the point.
    req.on('error', () => resolve('connection closed by the server'));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < SIZE) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

const dir = mkdtempSync(join(tmpdir(), 'forum-bench-webhook-'));
const port = await freePort();
const server = spawn(process.execPath, ['server.mjs'], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    DATABASE_URL: `sqlite:${join(dir, 'forum.db')}`,
    STRIPE_SECRET_KEY: 'sk_test_bench',
    STRIPE_WEBHOOK_SECRET: 'whsec_bench',
    STRIPE_API_BASE: 'http://127.0.0.1:9',
  },
});
try {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  // Warm up the route with a small body so its code is loaded before the first reading.
  await fetch(`http://127.0.0.1:${port}/api/stripe/webhook`, { method: 'POST', body: '{}' });
  await new Promise((r) => setTimeout(r, 500));
  const before = memory(server.pid);
  const withLength = await post(port, true);
  const chunked = await post(port, false);
  await new Promise((r) => setTimeout(r, 500));
  const after = memory(server.pid);
  console.log(`50 MB webhook body, Content-Length: ${withLength}; chunked: ${chunked}`);
  console.log(`server RSS before ${before.rss} MB, after ${after.rss} MB, peak ${after.peak} MB`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
