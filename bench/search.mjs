/* global window, document, MutationObserver -- functions passed to page.evaluate run in the browser */
// Search over many papers: time from typing to the first results, and bytes transferred.
//
// Builds the example content plus generated sample papers (bench/lib/sample-content.mjs; 10,000 by
// default) into .bench/search-dist, serves it with server.mjs, and in Chromium types a common word
// (hotline on /en/, 热线 on /zh/: thousands of hits) and a rare one (a handful of hits) on the
// search page, with the CPU at full speed and slowed 4× (CDP Emulation.setCPUThrottlingRate, a
// mid-range phone). Each case runs in a fresh browser context (empty cache), after the page has
// loaded; the time is taken inside the page, from the input event to the first result link.
// Also measured: Pagefind alone (search() plus data() of the first ten hits), for comparison.
//
// Run: node bench/search.mjs   (≈ 6–10 minutes here, mostly the build)
// Env: SEARCH_PAPERS=10000, SEARCH_RUNS=3 (median reported); SEARCH_REUSE=1 measures the build
// already in SEARCH_DIST (default .bench/search-dist) instead of building again.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { buildSite, ROOT } from './lib/build-site.mjs';
import { percentile, writeResult } from './lib/results.mjs';
import { COMMON_WORD, COMMON_WORD_ZH, RARE_WORD, RARE_WORD_ZH, generateContent } from './lib/sample-content.mjs';

const PAPERS = Number(process.env.SEARCH_PAPERS ?? 10_000);
const RUNS = Number(process.env.SEARCH_RUNS ?? 3);
const CONTENT = '.bench/search-content';
const DIST = process.env.SEARCH_DIST ?? '.bench/search-dist';
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
const INPUT = 'input[type=search]';
const RESULT = '#search-results a';
const TARGET_MS = 1000;
const TARGET_KB = 300;
const CASES = [
  { label: 'common word', path: '/en/search/', query: COMMON_WORD },
  { label: 'common word', path: '/zh/search/', query: COMMON_WORD_ZH },
  { label: 'rare word', path: '/en/search/', query: RARE_WORD },
  { label: 'rare word', path: '/zh/search/', query: RARE_WORD_ZH },
];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const data = join(ROOT, '.bench/search-data');
  rmSync(data, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: ROOT,
    env: { ...process.env, DIST_DIR: DIST, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: data, DATABASE_URL: `sqlite:${data}/forum.db` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode})`);
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return { origin, child };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('server did not answer within 30 s');
}

/**
 * One search in a fresh context: ms from the input event to the first result, and bytes. The
 * offline app's service worker is blocked: requests it answered would show only their headers.
 */
async function measure(browser, origin, { path, query }, throttle) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const requests = new Map();
  const sizing = [];
  let phase = 'load';
  // Playwright's events also see the requests of Pagefind's web worker, which a CDP session on
  // the page does not; sizes() gives the encoded (transferred) body and the headers.
  context.on('request', (request) => requests.set(request, { phase, bytes: 0 }));
  context.on('requestfinished', (request) => {
    const entry = requests.get(request);
    if (!entry) return;
    sizing.push(
      request
        .sizes()
        .then((sizes) => (entry.bytes = sizes.responseBodySize + sizes.responseHeadersSize))
        .catch(() => undefined),
    );
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.goto(origin + path, { waitUntil: 'networkidle', timeout: 120_000 });
  await page.locator(INPUT).waitFor({ state: 'visible', timeout: 60_000 });
  await page.evaluate(
    ([input, result]) => {
      const w = /** @type {any} */ (window);
      document.querySelector(input).addEventListener('input', () => (w.typedAt ??= performance.now()), { capture: true });
      new MutationObserver((_, observer) => {
        if (w.typedAt !== undefined && document.querySelector(result)) {
          w.firstResultAt = performance.now();
          observer.disconnect();
        }
      }).observe(document.body, { childList: true, subtree: true });
    },
    [INPUT, RESULT],
  );
  phase = 'search';
  await page.locator(INPUT).fill(query);
  await page.waitForFunction(() => /** @type {any} */ (window).firstResultAt !== undefined, null, { timeout: 180_000, polling: 50 });
  const ms = await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    return Math.round(w.firstResultAt - w.typedAt);
  });
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
  const status = (
    (await page
      .locator('[role=status]')
      .first()
      .textContent()
      .catch(() => '')) ?? ''
  ).trim();
  await Promise.all(sizing);
  await context.close();
  const sum = (p) => [...requests.values()].filter((r) => !p || r.phase === p).reduce((s, r) => s + r.bytes, 0);
  return { ms, searchBytes: sum('search'), totalBytes: sum(), requests: requests.size, status };
}

/** Pagefind alone, in the page: loading it (and its shards), search(), and data() of the first ten hits. */
async function engine(browser, origin, { path, query }) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  // A page of the same language without the search page's script, which would load Pagefind first.
  await page.goto(origin + path.replace(/search\/$/, ''), { waitUntil: 'networkidle' });
  const ms = await page.evaluate(async (q) => {
    const started = performance.now();
    const pagefind = await import('/pagefind/pagefind.js');
    await pagefind.init();
    // the other shards of the index, as the search page merges them (src/client/search/pagefind.ts)
    const shards = await fetch('/pagefind/shards.json').then((r) => (r.ok ? r.json() : []));
    await Promise.all(shards.map((path) => pagefind.mergeIndex(path)));
    const found = await pagefind.search(q);
    await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
    return { ms: Math.round(performance.now() - started), hits: found.results.length };
  }, query);
  await context.close();
  return ms;
}

const median = (values) => percentile(values, 50);
const kb = (bytes) => Math.round(bytes / 102.4) / 10;

let server;
let browser;
try {
  let build = null;
  if (!(process.env.SEARCH_REUSE && existsSync(join(ROOT, DIST, 'server/entry.mjs')))) {
    const made = generateContent(join(ROOT, CONTENT), { papers: PAPERS });
    console.log(`building ${made.papers} sample papers (+ example content) into ${DIST} …`);
    build = await buildSite({ contentDir: CONTENT, outDir: DIST, cacheDir: '.astro-cache-bench-search' });
    console.log(`built ${build.pages} pages in ${build.seconds} s`);
  }
  server = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const rows = [];
  for (const throttle of [1, 4]) {
    for (const c of CASES) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, server.origin, c, throttle));
      const row = {
        case: c.label,
        path: c.path,
        query: c.query,
        cpuSlowdown: throttle,
        msToFirstResults: median(runs.map((r) => r.ms)),
        runsMs: runs.map((r) => r.ms),
        searchKB: kb(median(runs.map((r) => r.searchBytes))),
        pageAndSearchKB: kb(median(runs.map((r) => r.totalBytes))),
        status: runs[0].status,
      };
      rows.push(row);
      console.log(
        `${String(row.msToFirstResults).padStart(6)} ms ${String(row.searchKB).padStart(6)} KB  ${c.path} ${c.query} ×${throttle}  ${row.status}`,
      );
    }
  }
  const engineRows = [];
  for (const c of CASES.slice(0, 2)) engineRows.push({ path: c.path, query: c.query, ...(await engine(browser, server.origin, c)) });
  const slowest = Math.max(...rows.filter((r) => r.cpuSlowdown === 1).map((r) => r.msToFirstResults));
  const heaviest = Math.max(...rows.map((r) => r.searchKB));
  const table = [
    '| query | page | CPU | ms to first results | KB for the search | KB page + search | status |',
    '|---|---|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.query} (${r.case}) | ${r.path} | ×${r.cpuSlowdown} | ${r.msToFirstResults} | ${r.searchKB} | ${r.pageAndSearchKB} | ${r.status} |`,
    ),
  ].join('\n');
  const summary =
    `## Search over ${PAPERS.toLocaleString('en')} sample papers\n\n` +
    (build ? `Build: ${build.pages.toLocaleString('en')} pages in ${build.seconds} s.\n\n` : '') +
    `${table}\n\n` +
    `Pagefind alone (search + first ten excerpts): ${engineRows.map((e) => `${e.query} ${e.ms} ms (${e.hits} hits)`).join(', ')}.\n\n` +
    `Targets: first results < ${TARGET_MS} ms at full CPU (slowest ${slowest} ms: ${slowest < TARGET_MS ? 'met' : '**missed**'}); ` +
    `search transfer ≤ ${TARGET_KB} KB (largest ${heaviest} KB: ${heaviest <= TARGET_KB ? 'met' : '**missed**'}).\n`;
  writeResult(
    'search',
    { papers: PAPERS, runs: RUNS, build, rows, engine: engineRows, targets: { ms: TARGET_MS, kb: TARGET_KB } },
    summary,
  );
  console.log(`\n${summary}\nWrote bench/results/search.json`);
} catch (error) {
  console.error(`search bench failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  server?.child.kill('SIGTERM');
}
