/**
 * Publish latency: from the publish() call to the switched server answering the new title,
 * for a one-paper change on the example site and on the site with 1,000 more papers. Each
 * case first publishes once unchanged (a full build that fills the incremental cache, as the
 * first web publish of a site does), starts the server on it, then times the change.
 * Then checks that no papers index or facet page, nor the feed, still shows the old title.
 * Targets (2 cores): 10 s for the example site, 20 s with 1,000 papers.
 * Prints the figures and writes bench/results/publish.json.   node bench/publish.mjs
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publish, publishStatus } from '../src/features/publishing/publish.service.ts';
import { checkListings, publishSite, waitForText } from './lib/publish-site.mjs';
import { writeResult } from './lib/results.mjs';

const paper = 'papers/hotline-evaluation-framework.yaml';
/** PUBLISH_BENCH_PORT: the first of two ports for the servers (two benches may run side by side). */
const basePort = Number(process.env.PUBLISH_BENCH_PORT) || 4441;
const cases = [
  { name: 'example', extraPapers: 0, targetS: 10, port: basePort },
  { name: 'papers-1000', extraPapers: 1000, targetS: 20, port: basePort + 1 },
].filter((c) => !process.env.PUBLISH_BENCH_CASE || c.name === process.env.PUBLISH_BENCH_CASE);

async function measure({ name, extraPapers, port }) {
  const s = await publishSite({ name: `bench-${name}`, extraPapers, port });
  try {
    let t0 = performance.now();
    const warm = await publish({ db: s.db, by: 'bench', message: 'full build' });
    const fullBuildS = (performance.now() - t0) / 1000;
    await s.start(warm.revisionId);
    const original = readFileSync(join(s.site.contentDir, paper), 'utf8');
    const title = `Revised title ${Date.now()}`;
    await s.db
      .insertInto('content_draft')
      .values({
        path: paper,
        body: original.replace('A Framework for Evaluating City Hotline Services', title),
        base_sha256: null,
        updated_by: 'bench',
        updated_at: new Date().toISOString(),
      })
      .execute();
    t0 = performance.now();
    const changed = await publish({ db: s.db, by: 'bench', message: 'one paper' });
    const builtS = (performance.now() - t0) / 1000;
    await waitForText(`${s.siteUrl}/en/papers/hotline-evaluation-framework/`, title);
    const liveS = (performance.now() - t0) / 1000;
    // correctness of the incremental build: every list of papers and the feed show the new title
    const listings = await checkListings(s.siteUrl, 'en', 'A Framework for Evaluating City Hotline Services', title);
    const expected = ['collection', 'feed', 'index', 'keyword', 'language', 'year'];
    if (listings.stale.length > 0 || expected.some((k) => !listings.listedIn.includes(k))) {
      throw new Error(`stale pages after publish: ${JSON.stringify(listings)}`);
    }
    // the build's own phase timings, and the pages it rendered, from its log (its last 300 lines)
    const log = (await publishStatus(s.db, changed.revisionId))?.log ?? [];
    const phases = log.filter((l) => /Content OK|Completed in|built in|Pagefind indexed|static-files/.test(l));
    const rendered = log.filter((l) => /[├└]─ .*\(\+\d+ms\)/.test(l)).length;
    return {
      name,
      papers: 15 + extraPapers,
      fullBuildS,
      publishBuildS: builtS,
      publishToLiveS: liveS,
      listingPagesChecked: listings.pages,
      pagesRenderedInLog: rendered,
      phases,
    };
  } catch (error) {
    console.error(s.log());
    throw error;
  } finally {
    await s.stop();
    s.remove();
  }
}

const results = [];
for (const c of cases) {
  const r = await measure(c);
  results.push({ ...r, targetS: c.targetS, withinTarget: r.publishToLiveS <= c.targetS });
  console.log(
    `${r.name} (${r.papers} papers): publish → live ${r.publishToLiveS.toFixed(1)} s (build ${r.publishBuildS.toFixed(1)} s; first full build ${r.fullBuildS.toFixed(1)} s), target ${c.targetS} s`,
  );
}
const summary = [
  '### Publish latency (one-paper change, publish() to the new title served)',
  '',
  '| site | papers | publish → live | of which build | first (full) build | target |',
  '|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${r.papers} | ${r.publishToLiveS.toFixed(1)} s | ${r.publishBuildS.toFixed(1)} s | ${r.fullBuildS.toFixed(1)} s | ${r.targetS} s |`,
  ),
].join('\n');
writeResult('publish', { cases: results }, summary);
