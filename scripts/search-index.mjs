// The Pagefind search index, split into several indexes ("shards") of about SHARD_PAGES pages
// per language each, which the search page merges (src/client/search/pagefind.ts).
// Why: Pagefind's search ranks every hit, and for each hit it scans the positions of the word in
// every other hit (time ~ hits², inside its WebAssembly): a word on 11,000 pages took over a
// second. In shards of ~1,500 pages the same hits cost about an eighth of that, and no page or
// word is indexed less. Shard 0 is /pagefind/ itself (pagefind.js, the wasm); the others go to
// /pagefind/shard-N/, listed in /pagefind/shards.json. A page stays in the same shard from build
// to build (the hash of its path): the same pages always make the same index.
import { globSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { close, createIndex } from 'pagefind';
import { SEARCH_PAGES } from './search-pages.mjs';

/** Indexed pages per language in one shard, on average (pages are spread by a hash of their path). */
export const SHARD_PAGES = 1500;
export const SHARDS_FILE = 'shards.json';
const FILES_IN_FLIGHT = 32;

/** FNV-1a of the page's path: the same page lands in the same shard in every build. */
export function shardOf(path, shards) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % shards;
}

/** How many shards for these pages: the largest language split into shards of about `perShard` pages. */
export function shardCount(languages, perShard = SHARD_PAGES) {
  const largest = Math.max(0, ...languages.values());
  return Math.max(1, Math.ceil(largest / perShard));
}

/**
 * The pages to index: the files SEARCH_PAGES names (the only ones that can carry
 * `data-pagefind-body`; tests/e2e/search-index.spec.ts checks the two agree), not every page of
 * the site read to look for the mark. Their language is their first folder.
 */
function indexedPages(clientDir) {
  return globSync(SEARCH_PAGES, { cwd: clientDir })
    .sort()
    .map((sourcePath) => ({ sourcePath: sourcePath.split(sep).join('/'), lang: sourcePath.split(sep)[0] ?? '' }));
}

/**
 * One shard's index. The whole site in one shard (up to SHARD_PAGES pages per language) goes
 * through Pagefind's own directory scan, which reads and parses the files in parallel: sending
 * 3,100 pages one by one took 10 s of a 1,000-paper publish instead of about 1 s.
 */
async function writeShard(clientDir, pages, outputPath, whole) {
  const { index, errors } = await createIndex();
  if (!index) throw new Error(`Pagefind could not create an index: ${errors.join('; ')}`);
  if (whole) {
    const added = await index.addDirectory({ path: clientDir, glob: SEARCH_PAGES });
    if (added.errors.length) throw new Error(`Pagefind could not index the pages: ${added.errors.join('; ')}`);
  } else {
    let next = 0;
    const add = async () => {
      while (next < pages.length) {
        const { sourcePath } = pages[next++];
        const added = await index.addHTMLFile({ sourcePath, content: await readFile(join(clientDir, sourcePath), 'utf8') });
        if (added.errors.length) throw new Error(`Pagefind could not index ${sourcePath}: ${added.errors.join('; ')}`);
      }
    };
    await Promise.all(Array.from({ length: FILES_IN_FLIGHT }, add));
  }
  const written = await index.writeFiles({ outputPath });
  if (written.errors.length) throw new Error(`Pagefind could not write ${outputPath}: ${written.errors.join('; ')}`);
  await index.deleteIndex();
}

/**
 * Indexes the built pages of `clientDir` into `root` (clientDir/pagefind/, served as /pagefind/)
 * and its shard folders; shard folders left from an earlier build with more shards are removed.
 */
export async function buildSearchIndex(clientDir, { perShard = SHARD_PAGES, root = join(clientDir, 'pagefind') } = {}) {
  const pages = indexedPages(clientDir);
  const languages = new Map();
  for (const page of pages) languages.set(page.lang, (languages.get(page.lang) ?? 0) + 1);
  const count = shardCount(languages, perShard);
  const shards = Array.from({ length: count }, () => []);
  for (const page of pages) shards[shardOf(page.sourcePath, count)].push(page);
  await mkdir(root, { recursive: true });
  for (const name of await readdir(root)) {
    const n = /^shard-(\d+)$/.exec(name)?.[1];
    if (n && Number(n) >= count) await rm(join(root, name), { recursive: true, force: true });
  }
  // One at a time: each shard's text is parsed and held by the Pagefind process until written.
  for (const [i, shard] of shards.entries()) await writeShard(clientDir, shard, i === 0 ? root : join(root, `shard-${i}`), count === 1);
  const merged = shards.slice(1).map((_, i) => `/pagefind/shard-${i + 1}/`);
  await writeFile(join(root, SHARDS_FILE), `${JSON.stringify(merged)}\n`);
  return { pages: pages.length, shards: count };
}

/**
 * The build step, in place of astro-pagefind's; `devServer` (astro-pagefind's integration) keeps
 * its other hooks, which serve /pagefind/ in dev and preview.
 * @param {import('astro').AstroIntegration} devServer
 */
export default function searchIndex(devServer) {
  return {
    name: 'pagefind',
    hooks: {
      ...devServer.hooks,
      'astro:build:done': async ({ dir, logger }) => {
        try {
          // SEARCH_SHARD_PAGES: smaller shards, so that a small test site is searched in several.
          const perShard = Number(process.env.SEARCH_SHARD_PAGES) || SHARD_PAGES;
          const { pages, shards } = await buildSearchIndex(fileURLToPath(dir), { perShard });
          logger.info(`Pagefind indexed ${pages} pages in ${shards} shard(s)`);
        } finally {
          await close();
        }
      },
    },
  };
}
