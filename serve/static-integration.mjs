// Build step for serve/static.mjs: brotli and gzip twins of the built files (incremental, see
// serve/precompress.mjs) and the address patterns of the on-demand routes (dist/dynamic-routes.json),
// so that an unknown address gets the 404 page without running the application.
// Listed last in astro.config.mjs: it compresses what the other integrations wrote (Pagefind, sitemap).
// Most of the work starts as soon as the pages are written, on a worker thread beside the steps
// that follow (moving assets, Pagefind's indexing, the sitemap); at the end of the build a second
// pass takes what those wrote and finds the rest unchanged.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { precompress } from './precompress.mjs';

/** precompress() on a worker thread; its counts, or undefined when it failed (the final pass then does it all). */
function precompressBeside(options) {
  return new Promise((done) => {
    const worker = new Worker(new URL('./precompress-worker.mjs', import.meta.url), { workerData: options });
    worker.once('message', done);
    worker.once('error', () => done(undefined));
    worker.once('exit', () => done(undefined));
  });
}

export const dynamicRoutesFile = 'dynamic-routes.json';
export const precompressManifestFile = 'precompressed.json';

export default function staticFiles() {
  let outDir;
  let cacheDir;
  let dynamic = [];
  let early;
  const manifestPath = () => fileURLToPath(new URL(precompressManifestFile, outDir));
  return {
    name: 'forum:static-files',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = config.outDir;
        cacheDir = new URL('precompress/', config.cacheDir);
      },
      'astro:routes:resolved': ({ routes }) => {
        dynamic = routes.filter((route) => !route.isPrerendered).map((route) => route.patternRegex.source);
      },
      'astro:build:generated': ({ dir }) => {
        // Pagefind writes its folder while this runs: the final pass takes it.
        early = precompressBeside({
          clientDir: fileURLToPath(dir),
          manifestPath: manifestPath(),
          cacheDir: fileURLToPath(cacheDir),
          skipFolders: ['pagefind'],
          pruneCache: false,
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        await writeFile(new URL(dynamicRoutesFile, outDir), `${JSON.stringify(dynamic, null, 1)}\n`);
        const first = await early;
        const result = await precompress({
          clientDir: fileURLToPath(dir),
          manifestPath: manifestPath(),
          cacheDir: fileURLToPath(cacheDir),
          // what the early pass recorded is final (later steps only add or rename files in)
          trustManifest: first !== undefined,
        });
        const compressed = result.compressed + (first?.compressed ?? 0);
        const cached = result.cached + (first?.cached ?? 0);
        logger.info(
          `${result.files} files: ${compressed} compressed, ${cached} from the cache, ${result.files - compressed - cached} unchanged` +
            ` (${first ? `${first.ms} ms beside the other steps, then ` : ''}${result.ms} ms)`,
        );
      },
    },
  };
}
