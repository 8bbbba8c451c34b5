/**
 * Publishing test support: draft rows, and a publishing site in a temporary folder inside the
 * project (the content check and Astro need to run from the project root).
 */
import type { Kysely } from 'kysely';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '../../src/db/schema.ts';
import type { PublishSite } from '../../src/features/publishing/publishing.types.ts';
import { contentCheck } from '../../src/features/publishing/site-build.ts';
import { readTree } from '../../src/features/publishing/content-tree.ts';

export async function putDraft(db: Kysely<Database>, path: string, body: string | null, by = 'staff-1'): Promise<void> {
  await db.deleteFrom('content_draft').where('path', '=', path).execute();
  await db
    .insertInto('content_draft')
    .values({ path, body, base_sha256: null, updated_by: by, updated_at: new Date().toISOString() })
    .execute();
}

export interface TestSite extends PublishSite {
  /** the builds that went live, in order */
  live: { revisionId: number; distDir: string }[];
  remove(): void;
}

/**
 * A copy of content/ in .publish-test/<random>/ with its own builds and work folders. `check`:
 * run the real content check before "building" (writing the tree and an index page into the
 * build folder); otherwise only write.
 */
export function testSite(options: { check?: boolean; source?: string; gate?: Promise<void> } = {}): TestSite {
  const root = process.cwd();
  mkdirSync(resolve(root, '.publish-test'), { recursive: true });
  const base = mkdtempSync(resolve(root, '.publish-test/site-'));
  const contentDir = join(base, 'content');
  cpSync(resolve(root, options.source ?? 'content'), contentDir, { recursive: true });
  const live: { revisionId: number; distDir: string }[] = [];
  return {
    root,
    contentDir,
    buildsDir: join(base, 'builds'),
    workDir: join(base, 'work'),
    live,
    async build({ contentDir: staging, outDir, log }) {
      await options.gate;
      if (options.check) {
        const checked = await contentCheck({ root, contentDir: staging, log });
        if (!checked.ok) return checked;
      }
      mkdirSync(outDir, { recursive: true });
      const tree = readTree(staging);
      writeFileSync(join(outDir, 'tree.json'), JSON.stringify(Object.fromEntries(tree)));
      return { ok: true, problems: [] };
    },
    async goLive(target) {
      live.push(target);
    },
    remove() {
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export function builtTree(distDir: string): Record<string, string> {
  const file = join(distDir, 'tree.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}
