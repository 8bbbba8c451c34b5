/**
 * One build at a time per disk: builds share the staging content folder and Astro's
 * incremental cache. Inside a process a queue; across processes (instances sharing the
 * project folder) a lock folder, created atomically by mkdir; a lock older than a build can
 * take (its process died) is broken.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishSite } from './publishing.types.ts';

const staleMs = 15 * 60_000;
let queue: Promise<unknown> = Promise.resolve();

async function acquire(dir: string): Promise<void> {
  for (;;) {
    try {
      mkdirSync(dir);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(dir).mtimeMs > staleMs) rmSync(dir, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export function withBuildLock<T>(site: Pick<PublishSite, 'workDir'>, work: () => Promise<T>): Promise<T> {
  const next = queue.then(async () => {
    mkdirSync(site.workDir, { recursive: true });
    const dir = join(site.workDir, 'build.lock');
    await acquire(dir);
    try {
      return await work();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  queue = next.catch(() => undefined);
  return next;
}
