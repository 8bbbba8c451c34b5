// A copy of the forum for publishing measurements and tests: its content folder inside the
// project (Astro builds only there), its own database and data folder, and a server
// (cluster primary + worker, as `npm start` runs it) on a given port. Publishing runs in this
// process, like a second instance: the server sees the new revision in the database (every
// 2 s), finds its build on the shared disk and switches to it.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { configurePublishing, goLiveThroughPrimary } from '../../src/features/publishing/site.ts';
import { astroBuilder } from '../../src/features/publishing/site-build.ts';

const root = process.cwd();

/** Makes .publish-test/<name>/ with a content copy (from `source`, plus `extraPapers` generated papers). */
export async function publishSite({ name, source = 'content', extraPapers = 0, port }) {
  const base = resolve(root, '.publish-test', name);
  rmSync(base, { recursive: true, force: true });
  const contentDir = join(base, 'content');
  const dataDir = join(base, 'data');
  mkdirSync(dataDir, { recursive: true });
  cpSync(resolve(root, source), contentDir, { recursive: true });
  const sample = readFileSync(join(contentDir, 'papers/hotline-evaluation-framework.yaml'), 'utf8');
  for (let i = 1; i <= extraPapers; i++) {
    const id = `generated-${String(i).padStart(4, '0')}`;
    writeFileSync(
      join(contentDir, 'papers', `${id}.yaml`),
      sample
        .replace('A Framework for Evaluating City Hotline Services', `Generated sample paper ${i}`)
        .replace('城市热线服务评估框架', `生成的示例论文 ${i}`)
        .replace('10.5555/sample.2', `10.5555/generated.${i}`),
    );
  }
  const buildsDir = join(base, 'builds');
  const siteUrl = `http://127.0.0.1:${port}`;
  process.env.SITE_URL = siteUrl;
  process.env.ASTRO_KEY ??= readKey(dataDir);
  const databaseUrl = `sqlite:${join(dataDir, 'forum.db')}`;
  const database = openDatabase(databaseUrl);
  await migrateToLatest(database);
  const site = {
    root,
    contentDir,
    buildsDir,
    workDir: join(base, 'work'),
    build: astroBuilder({ root, cacheDir: `.publish-test/${name}/astro-cache`, dataDir }),
    // the server in another process follows through the database; nothing to do here
    goLive: () => Promise.resolve(),
  };
  configurePublishing(site);
  let child;
  return {
    site,
    db: database.db,
    siteUrl,
    /** Starts `node server.mjs` on a build (a revision's) and waits until it answers. */
    async start(revisionId) {
      const out = openSync(join(dataDir, 'server.log'), 'a');
      child = spawn(join(root, 'node_modules/.bin/node'), ['server.mjs'], {
        cwd: root,
        stdio: ['ignore', out, out],
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          SITE_URL: siteUrl,
          DIST_DIR: join(
            buildsDir,
            readdirSync(buildsDir).find((d) => d.startsWith(`${revisionId}-`)),
          ),
          BUILDS_DIR: buildsDir,
          FORUM_REVISION: String(revisionId),
          CONTENT_DIR: contentDir,
          DATA_DIR: dataDir,
          DATABASE_URL: databaseUrl,
          FORUM_MODE: 'development',
        },
      });
      for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
        if (child.exitCode !== null) throw new Error(`server exited:\n${readFileSync(join(dataDir, 'server.log'), 'utf8')}`);
        const ok = await fetch(`${siteUrl}/api/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('server did not start');
    },
    async stop() {
      if (child && child.exitCode === null) {
        const gone = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await gone;
      }
      await database.close();
    },
    log: () => readFileSync(join(dataDir, 'server.log'), 'utf8'),
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

function readKey(dataDir) {
  const file = join(dataDir, 'astro.key');
  writeFileSync(file, Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 255)).toString('base64'));
  return readFileSync(file, 'utf8');
}

/** Waits until `url` answers 200 with a body containing `text`; returns the milliseconds waited. */
export async function waitForText(url, text, timeoutMs = 120_000) {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    const body = await fetch(url).then(
      (r) => (r.ok ? r.text() : ''),
      () => '',
    );
    if (body.includes(text)) return performance.now() - start;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} never showed "${text}"`);
}

export { goLiveThroughPrimary };

/**
 * After a paper's title changed: walks every papers index and facet page of `locale` (links
 * from /<locale>/papers/) and the papers feed. Returns which facets list the new title and every
 * address that still shows the old one (a stale page: a cache key missed what the page reads).
 */
export async function checkListings(siteUrl, locale, oldTitle, newTitle) {
  const listing = new RegExp(`^/${locale}/papers/(page/\\d+/|(collection|keyword|year|language)/[^/]+/(page/\\d+/)?)?$`);
  const queue = [`/${locale}/papers/`];
  const seen = new Set(queue);
  const stale = [];
  const listedIn = new Set();
  while (queue.length > 0) {
    const path = queue.shift();
    const body = await fetch(siteUrl + path).then((r) => r.text());
    if (body.includes(oldTitle)) stale.push(path);
    if (body.includes(newTitle)) listedIn.add(/^\/[^/]+\/papers\/(collection|keyword|year|language)\//.exec(path)?.[1] ?? 'index');
    for (const [, href] of body.matchAll(/href="([^"#?]+)"/g)) {
      const next = decodeURI(href).replace(/^https?:\/\/[^/]+/, '');
      if (listing.test(next) && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  const feed = await fetch(`${siteUrl}/${locale}/papers/rss.xml`).then((r) => r.text());
  if (feed.includes(oldTitle)) stale.push(`/${locale}/papers/rss.xml`);
  if (feed.includes(newTitle)) listedIn.add('feed');
  return { pages: seen.size + 1, stale, listedIn: [...listedIn].sort() };
}
