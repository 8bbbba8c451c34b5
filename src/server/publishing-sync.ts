/**
 * Keeps this instance on the newest published revision: at start and every two seconds it
 * asks the database (another instance may have published), builds that revision here if its
 * build is missing, and goes live with it (src/features/publishing, serve/cluster.mjs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { setServed, syncInstance } from '../features/publishing/publish.service.ts';
import { log } from './log.ts';

const intervalMs = 2000;

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
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const result = await syncInstance(db);
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
