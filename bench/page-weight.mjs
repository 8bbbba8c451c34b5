// Page-weight and Lighthouse benchmark for the built site.
//
// What it measures, for one URL per page type in English and Chinese:
//   - bytes actually transferred over the wire (CDP Network.loadingFinished
//     encodedDataLength: compressed body + response headers, as served by
//     server.mjs with gzip/brotli), split into HTML, CSS, JS, fonts, images, other;
//   - number of requests, and requests to any host other than 127.0.0.1 (must be 0);
//   - Lighthouse scores (mobile, simulated throttling) for a subset of pages,
//     with the ids of failing audits for every category under 100.
// Results: a table on stdout, bench/results/page-weight.json and page-weight.md.
// Budgets are reported as met/missed; the exit code is 0 even if one is missed,
// non-zero only if the build, the server or the browser fails.
//
// Run: npm run bench   (builds dist/ first if it is missing; needs /usr/bin/chromium)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { chromium } from '@playwright/test';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = new URL('./results/', import.meta.url).pathname;
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
const PAGES = [
  // [name, English path]; the /zh/ and /zh-hant/ twins of each are measured too
  ['home', '/en/'],
  ['program', '/en/program/'],
  ['session', '/en/sessions/parallel-1/'],
  ['speaker', '/en/speakers/speaker-a/'],
  ['speakers', '/en/speakers/'],
  ['papers', '/en/papers/'],
  ['paper', '/en/papers/grid-management-community-response/'],
  ['facet', '/en/papers/year/2024/'],
  ['publication', '/en/publications/research-papers/'],
  ['prose', '/en/service-center/'],
  ['search', '/en/search/'],
];
const LIGHTHOUSE = [
  '/en/',
  '/en/program/',
  '/en/sessions/parallel-1/',
  '/en/papers/grid-management-community-response/',
  '/en/papers/',
  '/en/search/',
  '/zh/program/',
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const KINDS = ['html', 'css', 'js', 'font', 'image', 'other'];
const BUDGET = { programJs: 0, programTotal: 10 * 1024, performance: 98, other: 100 };

// ---- server ---------------------------------------------------------------
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
  if (!existsSync(`${ROOT}dist/server/entry.mjs`)) {
    console.log('dist/ missing: running npm run build');
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm run build failed (${r.status ?? r.signal})`);
  }
  const port = await freePort();
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = code ?? signal;
  });
  const origin = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    if (exited !== null) throw new Error(`server exited early (${exited})`);
    try {
      if ((await fetch(`${origin}/en/`)).ok) return { origin, child };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error('server did not answer within 20 s');
}

function stopServer(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// ---- page weight over CDP -------------------------------------------------
function kindOf(type, mime = '') {
  if (type === 'Document' || mime.includes('html')) return 'html';
  if (type === 'Stylesheet' || mime.includes('css')) return 'css';
  if (type === 'Script' || mime.includes('javascript') || mime.includes('wasm')) return 'js';
  if (type === 'Font' || mime.startsWith('font/') || /woff|ttf|otf/.test(mime)) return 'font';
  if (type === 'Image' || mime.startsWith('image/')) return 'image';
  return 'other';
}

async function measure(browser, url) {
  const context = await browser.newContext(); // fresh cache and cookies per page
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const reqs = new Map(); // requestId -> { url, type, mime, bytes, done }
  const thirdParty = [];
  let docEncoding = null;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!/^https?:/.test(e.request.url)) return; // data:/blob: URLs do not hit the network
    if (new URL(e.request.url).hostname !== '127.0.0.1') thirdParty.push(e.request.url);
    reqs.set(e.requestId, { url: e.request.url, type: e.type, mime: '', bytes: 0, done: false });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    Object.assign(r, { type: e.type, mime: e.response.mimeType, status: e.response.status });
    if (e.type === 'Document' && !docEncoding) {
      const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      docEncoding = h['content-encoding'] ?? 'identity';
    }
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = reqs.get(e.requestId);
    if (r) Object.assign(r, { bytes: e.encodedDataLength, done: true });
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = reqs.get(e.requestId);
    if (r) Object.assign(r, { failed: e.errorText, done: true });
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const res = await page.goto(url, { waitUntil: 'networkidle', timeout: 30_000 });
  if (!res || !res.ok()) throw new Error(`${url} answered ${res?.status()}`);
  for (let i = 0; i < 40 && [...reqs.values()].some((r) => !r.done); i++) await page.waitForTimeout(50);
  await context.close();

  const bytes = Object.fromEntries(KINDS.map((k) => [k, 0]));
  for (const r of reqs.values()) bytes[kindOf(r.type, r.mime)] += r.bytes;
  const failed = [...reqs.values()].filter((r) => r.failed || r.status >= 400).map((r) => `${r.url} ${r.failed ?? r.status}`);
  const total = KINDS.reduce((s, k) => s + bytes[k], 0);
  return { bytes, total, requests: reqs.size, thirdParty, failed, documentEncoding: docEncoding };
}

// ---- Lighthouse -----------------------------------------------------------
async function audit(url) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', ...FLAGS] });
  try {
    const { lhr } = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
    if (lhr.runtimeError) throw new Error(`Lighthouse ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = {},
      failing = {};
    for (const id of CATEGORIES) {
      const cat = lhr.categories[id];
      scores[id] = cat.score === null ? null : Math.round(cat.score * 100);
      if (scores[id] === 100) continue;
      failing[id] = cat.auditRefs
        .map((ref) => lhr.audits[ref.id])
        .filter((a) => a.score !== null && a.score < 1 && !['informative', 'manual', 'notApplicable'].includes(a.scoreDisplayMode))
        .map((a) => ({
          id: a.id,
          title: a.title,
          displayValue: a.displayValue,
          items: (a.details?.items ?? [])
            .slice(0, 5)
            .map((it) => it.node?.snippet ?? it.url ?? it.source?.url ?? it.description ?? JSON.stringify(it).slice(0, 200)),
        }));
    }
    const offHost = (lhr.audits['network-requests']?.details?.items ?? [])
      .map((i) => i.url)
      .filter((u) => /^https?:/.test(u) && new URL(u).hostname !== '127.0.0.1');
    return { scores, failing, offHost, lighthouseVersion: lhr.lighthouseVersion };
  } finally {
    await chrome.kill();
  }
}

// ---- report ---------------------------------------------------------------
const kb = (n) => (n / 1024).toFixed(1);
function table(rows) {
  const head = ['page', ...KINDS, 'total KB', 'JS B', 'req', '3p', 'perf', 'a11y', 'bp', 'seo'];
  const body = rows.map((r) => [
    r.path,
    ...KINDS.map((k) => String(r.bytes[k])),
    kb(r.total),
    String(r.bytes.js),
    String(r.requests),
    String(r.thirdParty.length),
    ...CATEGORIES.map((c) => String(r.lighthouse?.scores[c] ?? '-')),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i ? c.padStart(w[i]) : c.padEnd(w[i]))).join(' | ')} |`;
  return [line(head), `|${w.map((n, i) => (i ? '-'.repeat(n + 1) + ':' : '-'.repeat(n + 2))).join('|')}|`, ...body.map(line)].join('\n');
}

function budgets(rows) {
  const out = [];
  for (const r of rows.filter((x) => x.name === 'program')) {
    // JS files only: the inline service-worker registration (< 1 KB) is part of the HTML.
    out.push({ budget: `${r.path} JS = 0 bytes`, actual: `${r.bytes.js} B`, met: r.bytes.js <= BUDGET.programJs });
    out.push({ budget: `${r.path} total < 10 KB`, actual: `${kb(r.total)} KB`, met: r.total < BUDGET.programTotal });
  }
  for (const r of rows.filter((x) => x.lighthouse)) {
    for (const c of CATEGORIES) {
      const min = c === 'performance' ? BUDGET.performance : BUDGET.other,
        s = r.lighthouse.scores[c];
      out.push({
        budget: `${r.path} Lighthouse ${c} ${min === 100 ? '= 100' : `≥ ${min}`}`,
        actual: String(s),
        met: s !== null && s >= min,
      });
    }
  }
  out.push({
    budget: 'requests to hosts other than 127.0.0.1 = 0',
    met: rows.every((r) => !r.thirdParty.length && !r.lighthouse?.offHost.length),
    actual: String(rows.reduce((s, r) => s + r.thirdParty.length + (r.lighthouse?.offHost.length ?? 0), 0)),
  });
  return out;
}

function markdown(result) {
  const { rows, budgets: b } = result;
  const failing = [];
  for (const r of rows.filter((x) => x.lighthouse)) {
    for (const [cat, audits] of Object.entries(r.lighthouse.failing)) {
      for (const a of audits) {
        failing.push(
          `- ${r.path} · ${cat} · \`${a.id}\` — ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}` +
            a.items.map((i) => `\n  - \`${String(i).replace(/`/g, "'").slice(0, 160)}\``).join(''),
        );
      }
    }
  }
  return (
    `# Page weight and Lighthouse\n\n- Date: ${result.date}\n- Node: ${result.node}\n- Chromium: ${result.chromium}\n` +
    `- Lighthouse: ${result.lighthouse ?? '-'} (mobile, simulated throttling)\n` +
    `- Bytes: transferred over the wire (compressed body + headers, CDP encodedDataLength); document encoding: ${[...new Set(rows.map((r) => r.documentEncoding))].join(', ')}\n\n` +
    `${table(rows)}\n\n## Budgets\n\n| budget | actual | status |\n|---|---:|---|\n` +
    b.map((x) => `| ${x.budget} | ${x.actual} | ${x.met ? 'met' : '**missed**'} |`).join('\n') +
    `\n\n## Failing Lighthouse audits\n\n${failing.length ? failing.join('\n') : 'None.'}\n` +
    (rows.some((r) => r.failed.length)
      ? `\n## Failed requests\n\n${rows.flatMap((r) => r.failed.map((f) => `- ${r.path}: ${f}`)).join('\n')}\n`
      : '')
  );
}

// ---- main -----------------------------------------------------------------
let server, browser;
try {
  server = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const rows = [];
  for (const [name, en] of PAGES) {
    for (const path of [en, en.replace(/^\/en\//, '/zh/'), en.replace(/^\/en\//, '/zh-hant/')]) {
      rows.push({ name, path, ...(await measure(browser, server.origin + path)) });
      process.stdout.write('.');
    }
  }
  const chromiumVersion = browser.version();
  await browser.close();
  browser = null;
  for (const path of LIGHTHOUSE) {
    rows.find((r) => r.path === path).lighthouse = await audit(server.origin + path);
    process.stdout.write('L');
  }
  console.log('\n');
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    chromium: chromiumVersion,
    lighthouse: rows.find((r) => r.lighthouse)?.lighthouse.lighthouseVersion,
    rows,
  };
  result.budgets = budgets(rows);
  console.log(table(rows));
  console.log('\nBudgets:');
  for (const x of result.budgets) console.log(`  ${x.met ? 'met   ' : 'MISSED'}  ${x.budget} (actual ${x.actual})`);
  for (const r of rows.filter((x) => x.lighthouse))
    for (const [cat, audits] of Object.entries(r.lighthouse.failing))
      console.log(`  ${r.path} ${cat}: ${audits.map((a) => a.id).join(', ') || '(no single failing audit)'}`);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}page-weight.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${OUT}page-weight.md`, markdown(result));
  console.log('\nWrote bench/results/page-weight.json and bench/results/page-weight.md');
} catch (err) {
  console.error(`\nbench failed: ${err.stack ?? err}`);
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  await stopServer(server?.child);
}
