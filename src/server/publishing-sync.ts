/**
 * Keeps this instance on the newest published revision: at start and every half second it
 * asks the database (another instance may have published), builds that revision here if its
 * build is missing, and goes live with it (src/features/publishing, serve/cluster.mjs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newerRevisionPublished, prepareForBuildInProgress, setServed, syncInstance } from '../features/publishing/publish.service.ts';
import { log } from './log.ts';

// Another instance's publish goes live within half a second: each tick asks the database only
// (one indexed query); the full check, which also reads the content folder, runs every 2 s.
const intervalMs = 500;
const fullCheckEvery = 4;

/** Which build this process serves: the revision it was started for, or the content its build was made from. */
function servedBuild(): { revisionId: number | null; tree: string | null } {
  const env = process.env;
  const revision = Number(env.FORUM_REVISION);
  if (Number.isInteger(revision) && revision > 0) return { revisionId: revision, tree: null };
  const stamp = join(resolve(env.DIST_DIR ?? 'dist'), 'content-tree.sha256');
  return { revisionId: null, tree: existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null };
}

export function startPublishingSync(db: Kysely<Database>): { stop(): void } {
  setServed(servedBuild());
  let running = false;
  let ticks = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const full = ticks++ % fullCheckEvery === 0;
      if (!full && !(await newerRevisionPublished(db))) {
        // another instance's build in progress: load a server on it before it is published
        await prepareForBuildInProgress(db);
        return;
      }
      const result = await syncInstance(db, undefined, full);
      if (result === 'switched') log.info('publishing: switching to the newest published revision');
      if (result === 'off') {
        log.info('publishing: this build was not made from the content folder (or has no content stamp); web publishing stays off here');
        clearInterval(timer);
      }
    } catch (error) {
      log.error(`publishing sync failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  void tick();
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
