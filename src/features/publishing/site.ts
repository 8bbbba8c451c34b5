/**
 * This instance's publishing site: folders from the environment (CONTENT_DIR, DATA_DIR), the
 * real Astro build, and going live through the process that owns the port (serve/cluster.mjs).
 */
import { resolve } from 'node:path';
import { astroBuilder } from './site-build.ts';
import type { PublishSite } from './publishing.types.ts';

let configured: PublishSite | undefined;

/** Used by the composition root (and by tests) to set the site once. */
export function configurePublishing(site: PublishSite): void {
  configured = site;
}

export function defaultSite(): PublishSite {
  if (configured) return configured;
  const root = process.cwd();
  configured = {
    root,
    contentDir: resolve(root, process.env.CONTENT_DIR ?? 'content'),
    buildsDir: resolve(root, process.env.BUILDS_DIR ?? '.builds'),
    workDir: resolve(root, '.publish'),
    build: astroBuilder({ root, cacheDir: '.publish/astro-cache', dataDir: resolve(root, process.env.DATA_DIR ?? 'data') }),
    goLive: goLiveThroughPrimary,
    prepare: prepareThroughPrimary,
  };
  return configured;
}

/**
 * Asks the process that owns the port to start a server on the new build and retire this
 * one (serve/cluster.mjs). A server started without it cannot switch: it says so.
 */
export function goLiveThroughPrimary({ revisionId, distDir }: { revisionId: number; distDir: string }): Promise<void> {
  if (typeof process.send !== 'function') {
    console.warn(`[publishing] revision ${revisionId} is built in ${distDir}; this server runs alone and serves it after a restart`);
    return Promise.resolve();
  }
  process.send({ type: 'forum:serve', revisionId, distDir });
  return Promise.resolve();
}

/** Asks the process that owns the port to start loading a server on a build that is finishing (null: drop it). */
export function prepareThroughPrimary(input: { revisionId: number; distDir: string } | null): void {
  if (typeof process.send !== 'function') return;
  process.send(
    input ? { type: 'forum:prepare', revisionId: input.revisionId, distDir: input.distDir } : { type: 'forum:prepare', distDir: null },
  );
}
