// Production server: built files straight from disk (serve/static.mjs, precompressed at build),
// the registration form's successful posts answered before Astro (serve/direct-forms.mjs),
// everything else through Astro's standalone handler behind gzip/brotli compression.
// Usage: node server.mjs (after `astro build`). HOST and PORT as for @astrojs/node.
import http from 'node:http';
import { readdirSync } from 'node:fs';
import compression from 'compression';
import { fileURLToPath } from 'node:url';
import { createHeaderSetter } from './serve/headers.mjs';
import { siteUrlProblem } from './serve/site-url.mjs';
import { createStaticFiles } from './serve/static.mjs';
import { directForm } from './serve/direct-forms.mjs';
import { startPrimary } from './serve/cluster.mjs';

// The primary process only owns the port and hands it from build to build (serve/cluster.mjs).
if (startPrimary()) await new Promise(() => {});

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
// DIST_DIR: which build to serve (default dist/; the browser tests also serve .upcoming/dist).
const distDir = new URL(`${process.env.DIST_DIR ?? 'dist'}/`, `file://${process.cwd()}/`);
const { handler } = await import(new URL('server/entry.mjs', distDir).href);
// A standby (serve/cluster.mjs) loads the application while its build finishes: the files the
// rest reads (headers, routes) are written last, and it takes requests only once told to.
// Meanwhile it loads the code of every route, which each would otherwise load on its first
// request (on a large site about a second, during which the first visitors after the switch wait).
if (process.env.FORUM_STANDBY === '1') {
  let told = false;
  const listenWhenTold = new Promise((resolve) => {
    process.on('message', function listen(message) {
      if (message !== 'forum:listen') return;
      told = true;
      process.off('message', listen);
      resolve(undefined);
    });
  });
  const chunks = new URL('server/chunks/', distDir);
  for (const name of readdirSync(chunks).filter((file) => file.endsWith('.mjs'))) {
    if (told) break;
    // a module that fails here fails the same way when its route is asked for
    await import(new URL(name, chunks).href).catch(() => undefined);
  }
  await listenWhenTold;
}
const setHeaders = createHeaderSetter({
  distDir: fileURLToPath(distDir),
  https: (process.env.SITE_URL ?? '').startsWith('https://'),
});
const staticFiles = createStaticFiles({ distDir: fileURLToPath(distDir) });
// Event streams (announcement progress) go out as written: compression would hold them back.
// Below about one packet compressing saves nothing on the wire and costs CPU.
const compress = compression({
  threshold: 1400,
  filter: (req, res) => !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') && compression.filter(req, res),
});

const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? '127.0.0.1';
const production = process.env.FORUM_MODE ? process.env.FORUM_MODE === 'production' : process.env.NODE_ENV === 'production';
const problem = siteUrlProblem({ siteUrl: process.env.SITE_URL, host, port, production });
if (problem?.fatal) {
  console.error(problem.message);
  process.exit(1);
}
if (problem) console.warn(`Warning: ${problem.message}`);

// Methods the site answers; others (TRACE, TRACK, CONNECT …) stop here: the adapter
// throws on methods it does not know, which would end the process.
const methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

let draining = false;
const server = http.createServer((req, res) => {
  setHeaders(req, res);
  if (!methods.has(req.method ?? '')) {
    res.writeHead(405, { Allow: [...methods].join(', '), 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method Not Allowed');
    return;
  }
  // While shutting down, answer what arrives on open connections, then close them.
  if (draining) res.setHeader('Connection', 'close');
  const astro = (locals) => compress(req, res, () => handler(req, res, undefined, locals));
  // The forms the app answers before Astro's pipeline first (a post it hands back carries its
  // result in locals), then built files from disk, then Astro.
  directForm(req, res, (locals) => (locals ? astro(locals) : staticFiles(req, res, () => astro())));
});
server.listen(port, host, async () => {
  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  console.log(`Forum site on ${origin.replace('127.0.0.1', 'localhost')}/`);
  // Start the database, migrations and background jobs (email relay, sweeps) now, not on
  // the first visitor's request; a failure here is printed with its reason.
  const health = await fetch(`${origin}/api/health`).catch((error) => ({ ok: false, statusText: String(error) }));
  if (!health.ok) console.error(`Startup check failed (${health.statusText}); see the messages above.`);
});
/**
 * Graceful stop: no new connections, requests in flight finish, idle keep-alive connections
 * close; then the app stops its jobs, hands back the emails it had claimed and closes the
 * database (registered by src/server/services.ts). A stop that hangs is cut after 15 s.
 */
function shutdown(signal) {
  if (draining) return;
  draining = true;
  console.log(`${signal}: finishing requests in flight, then stopping`);
  setTimeout(() => process.exit(1), 15_000).unref();
  server.close(async () => {
    const stopApp = globalThis[Symbol.for('forum.stop')];
    try {
      if (typeof stopApp === 'function') await stopApp();
    } catch (error) {
      console.error(`stopping the app failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(0);
  });
  server.closeIdleConnections();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => shutdown(signal));
// A newer build took over (serve/cluster.mjs): idle keep-alive connections end by their own
// timeout (a client may be sending on one right now), and the primary's end ends this process.
process.on('message', (message) => {
  if (message !== 'forum:handover') return;
  server.closeIdleConnections = () => {};
  shutdown('handover');
});
process.on('disconnect', () => process.exit(0));
