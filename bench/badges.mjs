// Bulk name badges: how long 700 badges take, as one A4-sheet PDF and as A6 pages.
//
// Bundles src/features/printouts/badge-pdf.tsx with esbuild (packages stay external), renders
// 700 badges with Chinese and Latin names (half with a second, passport spelling) with the
// embedded fonts, and reports wall time, the time to the last progress report (QR codes
// drawn), pages and bytes. Prints the figures and writes bench/results/badges.json.
//
// Run: node bench/badges.mjs   (the budget is "well under a minute": 30 s)
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;
mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
const OUT = new URL('./results/', import.meta.url).pathname;
const COUNT = 700;
const BUDGET_MS = 30_000;

// inside the project, so the bundle's imports resolve from node_modules
const work = mkdtempSync(join(ROOT, 'node_modules/.cache/bench-badges-'));
const bundle = join(work, 'badge-pdf.mjs');
await build({
  entryPoints: [join(ROOT, 'src/features/printouts/badge-pdf.tsx')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  jsx: 'automatic',
  outfile: bundle,
  logLevel: 'error',
});
// The fonts are found from the working directory, as on the server.
process.chdir(ROOT);
const { BAND_COLOURS, renderBadgesPdf } = await import(pathToFileURL(bundle).href);
const { ticketCode } = await import(pathToFileURL(join(ROOT, 'src/features/printouts/ticket-code.ts')).href);

const key = randomBytes(32);
const han = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const given = ['小明', '建国', '丽华', '思远', '海燕', '志强'];
const latin = ['Marie-Louise Dupont', 'Jonas Øberg', 'Amina Okafor', 'Hiroshi Tanaka', 'Lucía Fernández'];
const badges = Array.from({ length: COUNT }, (_, i) => {
  const chinese = i % 2 === 0;
  const name = chinese ? `${han[i % han.length]}${given[i % given.length]}` : `${latin[i % latin.length]} ${i}`;
  return {
    name,
    otherName: chinese && i % 4 === 0 ? `Wang Xiaoming ${i}` : undefined,
    organization: chinese ? '北京市社会科学院' : 'Université de Genève',
    category: chinese ? '中国内地' : 'International',
    band: BAND_COLOURS[i % BAND_COLOURS.length],
    code: ticketCode(key, `bench-registration-${i}`),
    reference: `REF${String(i).padStart(5, '0')}`,
  };
});

async function run(layout) {
  let progressAt = 0;
  let reports = 0;
  const started = performance.now();
  const pdf = await renderBadgesPdf({ locale: 'zh', eventName: '北京接诉即办论坛', layout, badges, sample: false }, () => {
    reports++;
    progressAt = performance.now() - started;
  });
  const ms = performance.now() - started;
  const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  return {
    layout,
    badges: COUNT,
    ms: Math.round(ms),
    qrCodesDrawnMs: Math.round(progressAt),
    progressReports: reports,
    pages,
    bytes: pdf.length,
  };
}

const results = [];
for (const layout of ['a4', 'a6']) results.push(await run(layout));
rmSync(work, { recursive: true, force: true });

const summary = {
  at: new Date().toISOString(),
  node: process.version,
  budgetMs: BUDGET_MS,
  results,
  withinBudget: results.every((r) => r.ms < BUDGET_MS),
};
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'badges.json'), `${JSON.stringify(summary, null, 2)}\n`);
for (const r of results) {
  console.log(
    `${r.layout}: ${r.badges} badges in ${(r.ms / 1000).toFixed(1)} s (QR codes drawn at ${(r.qrCodesDrawnMs / 1000).toFixed(1)} s, ${r.progressReports} progress reports), ${r.pages} pages, ${(r.bytes / 1024 / 1024).toFixed(2)} MB`,
  );
}
console.log(summary.withinBudget ? `within the ${BUDGET_MS / 1000} s budget` : `OVER the ${BUDGET_MS / 1000} s budget`);
