// The search index in shards (scripts/search-index.mjs), built by the real Pagefind from a folder
// of pages and searched with Pagefind's own pagefind.js in Chromium: the shards together find
// exactly what one index over the same pages finds.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { close } from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchIndex, shardCount, shardOf } from '../../scripts/search-index.mjs';

const PAGES = 30;
const types: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html; charset=utf-8' };

/** Paper pages (two in three mention the hotline, one the lighthouse) and a page outside the index. */
function writeSite(client: string) {
  for (let i = 1; i <= PAGES; i++) {
    const words = `${i % 3 ? 'The city hotline answers residents.' : 'Parking in old residential areas.'} ${i === 7 ? 'A lighthouse for cases.' : ''}`;
    const dir = join(client, 'en/papers', `paper-${i}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html lang="en"><head><title>Paper ${i}</title></head><body><nav>Menu hotline</nav>` +
        `<article data-pagefind-body><h1>Paper ${i}</h1><p>${words}</p></article></body></html>`,
    );
  }
  mkdirSync(join(client, 'en/about'), { recursive: true });
  writeFileSync(join(client, 'en/about/index.html'), '<!doctype html><html lang="en"><body><p>About the hotline.</p></body></html>');
}

function serve(client: string): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    readFile(join(client, path.endsWith('/') ? `${path}index.html` : path)).then(
      (body) => {
        res.writeHead(200, { 'content-type': types[extname(path) || '.html'] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

describe('search index in shards', () => {
  let root: string;
  let browser: Browser;
  const sites: Record<
    'one' | 'sharded',
    { client: string; server?: http.Server; origin?: string; built?: { pages: number; shards: number } }
  > = {
    one: { client: '' },
    sharded: { client: '' },
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'search-index-'));
    for (const [name, perShard] of [
      ['one', 1000],
      ['sharded', 8],
    ] as const) {
      const site = sites[name];
      site.client = join(root, name);
      writeSite(site.client);
      site.built = await buildSearchIndex(site.client, { perShard });
      Object.assign(site, await serve(site.client));
    }
    await close();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const site of Object.values(sites)) site.server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** The URLs found for `term`, searched as the search page does: /pagefind/ plus the shards it lists. */
  async function search(origin: string, term: string): Promise<string[]> {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/en/papers/paper-1/`);
      // A string, so that the test's own bundler leaves the browser's import() alone.
      const found: unknown = await page.evaluate(`(async (q) => {
        const pagefind = await import('/pagefind/pagefind.js');
        await pagefind.init();
        const shards = await (await fetch('/pagefind/shards.json')).json();
        await Promise.all(shards.map((path) => pagefind.mergeIndex(path)));
        const found = await pagefind.search(q);
        const pages = await Promise.all(found.results.map((hit) => hit.data()));
        return pages.map((p) => p.url).sort();
      })(${JSON.stringify(term)})`);
      return found as string[];
    } finally {
      await page.close();
    }
  }

  it('test_search_index_splits_the_pages_into_shards_of_at_most_the_given_size', () => {
    expect(sites.one.built).toEqual({ pages: PAGES, shards: 1 });
    expect(sites.sharded.built).toEqual({ pages: PAGES, shards: 4 });
    const pagefind = join(sites.sharded.client, 'pagefind');
    expect(JSON.parse(readFileSync(join(pagefind, 'shards.json'), 'utf8'))).toEqual([
      '/pagefind/shard-1/',
      '/pagefind/shard-2/',
      '/pagefind/shard-3/',
    ]);
    // Every indexed page is in exactly one shard; the page without data-pagefind-body in none.
    const counts = ['', 'shard-1', 'shard-2', 'shard-3'].map(
      (dir) =>
        (
          JSON.parse(readFileSync(join(pagefind, dir, 'pagefind-entry.json'), 'utf8')) as {
            languages: Record<string, { page_count: number }>;
          }
        ).languages.en.page_count,
    );
    expect(counts.reduce((a, b) => a + b)).toBe(PAGES);
    expect(Math.max(...counts)).toBeLessThanOrEqual(12);
    expect(JSON.parse(readFileSync(join(sites.one.client, 'pagefind/shards.json'), 'utf8'))).toEqual([]);
    expect(readdirSync(join(sites.one.client, 'pagefind')).filter((name) => name.startsWith('shard-'))).toEqual([]);
  });

  it('test_search_index_shards_find_the_same_pages_as_one_index', async () => {
    const hotline = await search(sites.sharded.origin!, 'hotline');
    expect(hotline).toHaveLength(20);
    expect(hotline).toEqual(await search(sites.one.origin!, 'hotline'));
    expect(hotline).not.toContain('/en/about/');
    expect(await search(sites.sharded.origin!, 'lighthouse')).toEqual(['/en/papers/paper-7/']);
  });

  it('test_search_index_keeps_a_page_in_its_shard_from_build_to_build', () => {
    expect(shardOf('en/papers/paper-1/index.html', 4)).toBe(shardOf('en/papers/paper-1/index.html', 4));
    expect(new Set(Array.from({ length: 200 }, (_, i) => shardOf(`en/papers/p-${i}/index.html`, 4))).size).toBe(4);
    expect(
      shardCount(
        new Map([
          ['en', 3000],
          ['zh-cn', 3001],
        ]),
        1500,
      ),
    ).toBe(3);
    expect(shardCount(new Map(), 1500)).toBe(1);
  });
});
