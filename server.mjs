// Production server: Astro's standalone handler behind gzip/brotli compression.
// Usage: node server.mjs (after `astro build`). HOST and PORT as for @astrojs/node.
import http from 'node:http';
import compression from 'compression';
import { fileURLToPath } from 'node:url';
import { createHeaderSetter } from './serve/headers.mjs';

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
// DIST_DIR: which build to serve (default dist/; the browser tests also serve .upcoming/dist).
const distDir = new URL(`${process.env.DIST_DIR ?? 'dist'}/`, `file://${process.cwd()}/`);
const { handler } = await import(new URL('server/entry.mjs', distDir).href);
const setHeaders = createHeaderSetter({
  distDir: fileURLToPath(distDir),
  https: (process.env.SITE_URL ?? '').startsWith('https://'),
});
const compress = compression({ threshold: 512 });

const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? '127.0.0.1';

const server = http.createServer((req, res) => {
  setHeaders(req, res);
  compress(req, res, () => handler(req, res));
});
server.listen(port, host, async () => {
  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  console.log(`Forum site on ${origin.replace('127.0.0.1', 'localhost')}/`);
  // Start the database, migrations and background jobs (email relay, sweeps) now, not on
  // the first visitor's request; a failure here is printed with its reason.
  const health = await fetch(`${origin}/api/health`).catch((error) => ({ ok: false, statusText: String(error) }));
  if (!health.ok) console.error(`Startup check failed (${health.statusText}); see the messages above.`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
