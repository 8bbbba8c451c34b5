// Build scaling: a clean `astro build` of the example content plus 1,000 / 5,000 / 10,000 generated
// sample papers in 100 / 500 / 1,000 sessions (bench/lib/sample-content.mjs). For each: pages
// written, seconds, pages per second and the peak memory of the build's whole process tree.
//
// Run: node bench/build.mjs   (1,000 and 5,000 papers: ≈ 4 minutes here)
// Env: BUILD_BENCH_FULL=1 adds the 10,000-paper build (≈ 5–6 more minutes, ≈ 2 GB of memory).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildSite, ROOT } from './lib/build-site.mjs';
import { writeResult } from './lib/results.mjs';
import { generateContent } from './lib/sample-content.mjs';

const SIZES = [
  { papers: 1_000, sessions: 100 },
  { papers: 5_000, sessions: 500 },
  ...(process.env.BUILD_BENCH_FULL ? [{ papers: 10_000, sessions: 1_000 }] : []),
];
const CACHE = '.astro-cache-bench-build';
const PREVIOUS = new URL('./results/build.json', import.meta.url);

/** A size not built this time keeps its last figures, dated, so the table stays complete. */
function previousRows() {
  if (!existsSync(PREVIOUS)) return [];
  const { date, rows = [] } = JSON.parse(readFileSync(PREVIOUS, 'utf8'));
  return rows.filter((r) => !SIZES.some((s) => s.papers === r.papers)).map((r) => ({ measuredAt: r.measuredAt ?? date, ...r }));
}

try {
  const kept = previousRows();
  const rows = [];
  for (const size of SIZES) {
    const content = `.bench/build-content-${size.papers}`;
    const outDir = `.bench/build-dist-${size.papers}`;
    generateContent(join(ROOT, content), size);
    // A clean build each time: no content store or images cached by the previous size.
    rmSync(join(ROOT, CACHE), { recursive: true, force: true });
    const built = await buildSite({ contentDir: content, outDir, cacheDir: CACHE });
    const row = { ...size, ...built, pagesPerSecond: Math.round(built.pages / built.seconds) };
    rows.push(row);
    console.log(
      `${size.papers} papers, ${size.sessions} sessions: ${row.pages} pages in ${row.seconds} s (${row.pagesPerSecond} pages/s), peak ${row.peakRssMiB} MiB`,
    );
    // The output is large; only the figures are kept.
    rmSync(join(ROOT, outDir), { recursive: true, force: true });
    rmSync(join(ROOT, content), { recursive: true, force: true });
  }
  rows.push(...kept);
  const summary =
    '## Build scaling\n\n' +
    'Clean `astro build` (pages prerendered, Pagefind index, server bundle) of the example content plus generated sample papers; ' +
    'memory is the peak of the sum of RSS over the build process tree.\n\n' +
    '| papers | sessions | pages | seconds | pages/s | peak memory MiB |\n|---:|---:|---:|---:|---:|---:|\n' +
    rows
      .map(
        (r) =>
          `| ${r.papers}${r.measuredAt ? ` (measured ${r.measuredAt.slice(0, 10)}; BUILD_BENCH_FULL=1 repeats it)` : ''} | ${r.sessions} | ` +
          `${r.pages} (${r.htmlPages} HTML) | ${r.seconds} | ${r.pagesPerSecond} | ${r.peakRssMiB} |`,
      )
      .join('\n') +
    '\n';
  writeResult('build', { rows }, summary);
  console.log(`\n${summary}\nWrote bench/results/build.json`);
} catch (error) {
  console.error(`build bench failed: ${error.stack ?? error}`);
  process.exitCode = 1;
}
