// Static serving benchmark: the built site's server.mjs against a plain node:http file server
// (bench/lib/plain-static-server.mjs: fs.createReadStream, no compression) over the same
// dist/client, 64 keep-alive connections, runs alternating between the two servers.
// Targets: the program page, a paper page, a hashed asset and a 404; then the program page with
// "Accept-Encoding: br" from server.mjs against the plain server sending it uncompressed.
// Prints req/s, p99 and the ratio; writes bench/results/static.json.
//
// Run: node bench/static.mjs   (builds dist/ first if it is missing)
// BENCH_SERVER=<file> measures another server script (e.g. an older server.mjs) the same way;
// BENCH_SECONDS (default 4) and BENCH_ROUNDS (default 3) set the length of each run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpLoad } from './lib/http-load.mjs';
import { writeResult } from './lib/results.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const CLIENT = join(ROOT, 'dist/client');
const SERVER = process.env.BENCH_SERVER ?? 'server.mjs';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 64;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function start(args, env, ready) {
  const port = await freePort();
  const child = spawn(process.execPath, [...args, ...(env ? [] : [String(port)])], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`${args[0]} exited early (${child.exitCode})`);
    try {
      if ((await fetch(origin + ready)).status < 500) return { origin, child };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error(`${args[0]} did not answer within 30 s`);
}

const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });

const load = (origin, path, headers, seconds) => httpLoad({ origin, path, headers, seconds, connections: CONNECTIONS });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function compare(name, path, siteHeaders, site, plain) {
  const runs = { site: [], plain: [] };
  for (const [origin, headers] of [
    [site.origin, siteHeaders],
    [plain.origin, {}],
  ])
    await load(origin, path, headers, 0.5); // warm-up: caches, JIT, connections
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which server goes first, so that neither always runs on a warmer machine.
    const order = round % 2 === 0 ? ['site', 'plain'] : ['plain', 'site'];
    for (const which of order) {
      const server = which === 'site' ? site : plain;
      runs[which].push(await load(server.origin, path, which === 'site' ? siteHeaders : {}, SECONDS));
    }
  }
  const summary = (list) => ({
    rps: median(list.map((r) => r.rps)),
    p99: median(list.map((r) => r.p99)),
    bytesPerResponse: list[0].bytesPerResponse,
    statuses: list[0].statuses,
  });
  const result = {
    name,
    path,
    encoding: siteHeaders['accept-encoding'] ?? 'identity',
    site: summary(runs.site),
    plain: summary(runs.plain),
  };
  result.ratio = Number((result.site.rps / result.plain.rps).toFixed(2));
  console.log(
    `${name.padEnd(22)} server.mjs ${String(result.site.rps).padStart(6)} req/s p99 ${String(result.site.p99).padStart(6)} ms | plain ${String(result.plain.rps).padStart(6)} req/s p99 ${String(result.plain.p99).padStart(6)} ms | ratio ${result.ratio}`,
  );
  return result;
}

if (!existsSync(join(ROOT, 'dist/server/entry.mjs'))) {
  console.log('dist/ missing: running npm run build');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run build failed (${r.status ?? r.signal})`);
}
const asset = readdirSync(join(CLIENT, '_astro')).find((f) => /\.(js|css)$/.test(f) && !/\.(br|gz)$/.test(f));
const targets = [
  ['program page', '/en/program/'],
  ['paper page', '/en/papers/grid-management-community-response/'],
  ['hashed asset', `/_astro/${asset}`],
  ['404', '/en/no-such-page/'],
];

const data = mkdtempSync(join(tmpdir(), 'bench-static-'));
const site = await start([SERVER], { DATA_DIR: data, DATABASE_URL: `sqlite:${data}/forum.db`, FORUM_MODE: 'development' }, '/api/health');
const plain = await start(['bench/lib/plain-static-server.mjs', CLIENT], undefined, '/');
const results = [];
try {
  console.log(`${SERVER} vs a plain node:http file server, ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s each (medians)`);
  for (const [name, path] of targets) results.push(await compare(name, path, {}, site, plain));
  results.push(await compare('program page, br', '/en/program/', { 'accept-encoding': 'br' }, site, plain));
} finally {
  await Promise.all([stop(site.child), stop(plain.child)]);
  rmSync(data, { recursive: true, force: true });
}

const row = (r) =>
  `| ${r.name} | ${r.encoding} | ${r.site.rps} | ${r.site.p99} | ${r.site.bytesPerResponse} | ${r.plain.rps} | ${r.plain.p99} | ${r.ratio} |`;
const summary = [
  `### Static serving (${SERVER} vs plain node:http, ${CONNECTIONS} keep-alive connections)`,
  '',
  '| target | encoding asked | server.mjs req/s | p99 ms | bytes/response | plain req/s | plain p99 ms | ratio |',
  '|---|---|---|---|---|---|---|---|',
  ...results.map(row),
  '',
  'The plain server always sends the file uncompressed; the ratio is server.mjs req/s ÷ plain req/s (goal ≥ 0.8).',
].join('\n');
writeResult('static', { server: SERVER, connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, results }, summary);
console.log(`\n${summary}`);
