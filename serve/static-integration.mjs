// Build step for serve/static.mjs: brotli and gzip twins of the built files (incremental, see
// serve/precompress.mjs) and the address patterns of the on-demand routes (dist/dynamic-routes.json),
// so that an unknown address gets the 404 page without running the application.
// Listed last in astro.config.mjs: it compresses what the other integrations wrote (Pagefind, sitemap).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.mjs';

export const dynamicRoutesFile = 'dynamic-routes.json';
export const precompressManifestFile = 'precompressed.json';

export default function staticFiles() {
  let outDir;
  let cacheDir;
  let dynamic = [];
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
      'astro:build:done': async ({ dir, logger }) => {
        await writeFile(new URL(dynamicRoutesFile, outDir), `${JSON.stringify(dynamic, null, 1)}\n`);
        const result = await precompress({
          clientDir: fileURLToPath(dir),
          manifestPath: fileURLToPath(new URL(precompressManifestFile, outDir)),
          cacheDir: fileURLToPath(cacheDir),
        });
        logger.info(
          `${result.files} files: ${result.compressed} compressed, ${result.cached} from the cache, ${result.unchanged} unchanged (${result.ms} ms)`,
        );
      },
    },
  };
}
