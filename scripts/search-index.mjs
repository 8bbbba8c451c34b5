// The search index (Pagefind), written after the build. astro-pagefind's own build step reads
// every HTML file of the site; this one gives Pagefind only the pages that can carry
// `data-pagefind-body` (papers, and the current edition's sessions and speakers), which are
// the only pages Pagefind indexes once any page has that attribute (scripts/search-pages.mjs).
// At 1,000 papers that is 3,100 of 3,750 pages, and about a second less per publish.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pagefind from 'astro-pagefind';
import { createIndex } from 'pagefind';
import { SEARCH_PAGES } from './search-pages.mjs';

/** @returns {import('astro').AstroIntegration} */
export default function searchIndex() {
  const base = pagefind();
  return {
    name: base.name,
    hooks: {
      // astro-pagefind's setup (serving /pagefind/ in development) as it is
      ...base.hooks,
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const { index, errors } = await createIndex({});
        if (!index) throw new Error(`Pagefind failed to start: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: outDir, glob: SEARCH_PAGES });
        if (added.errors.length) throw new Error(`Pagefind failed to index the pages: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
        if (written.errors.length) throw new Error(`Pagefind failed to write the index: ${written.errors.join('; ')}`);
        logger.info(`indexed ${added.page_count} pages`);
        await index.deleteIndex();
      },
    },
  };
}
