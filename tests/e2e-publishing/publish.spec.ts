import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishSite, waitForText } from '../../bench/lib/publish-site.mjs';
import { publish, rollback } from '../../src/features/publishing/publish.service.ts';

const paper = 'papers/hotline-evaluation-framework.yaml';
const oldTitle = 'A Framework for Evaluating City Hotline Services';
const newTitle = 'City Hotline Services, Evaluated Again';
const urls = ['/en/', '/en/program/', '/en/papers/', '/en/papers/hotline-evaluation-framework/', '/zh/sessions/parallel-4/'];

/** Requests the public pages without pause (4 at a time, keep-alive) until stopped; counts failures. */
function hammer(origin: string) {
  let running = true;
  const counts = { ok: 0, failed: 0, failures: [] as string[] };
  const loop = async (n: number) => {
    for (let i = n; running; i++) {
      const url = origin + urls[i % urls.length];
      try {
        const response = await fetch(url);
        await response.arrayBuffer();
        if (response.status === 200) counts.ok++;
        else {
          counts.failed++;
          counts.failures.push(`${response.status} ${url}`);
        }
      } catch (error) {
        counts.failed++;
        counts.failures.push(`${String(error)} ${url}`);
      }
    }
  };
  const loops = [0, 1, 2, 3].map(loop);
  return {
    counts,
    async stop() {
      running = false;
      await Promise.all(loops);
      return counts;
    },
  };
}

test('a publish and a rollback switch the public site with no failed request', async ({ page }) => {
  const port = Number(process.env.E2E_PORT ?? 4329) + 2;
  const site = await publishSite({ name: 'e2e-publish', port });
  try {
    // the first publish builds the whole site; the server starts on it
    const first = await publish({ db: site.db, by: 'staff-e2e', message: 'start' });
    await site.start(first.revisionId);
    const load = hammer(site.siteUrl);
    const original = readFileSync(join(site.site.contentDir, paper), 'utf8');
    await site.db
      .insertInto('content_draft')
      .values({
        path: paper,
        body: original.replace(oldTitle, newTitle),
        base_sha256: null,
        updated_by: 'staff-e2e',
        updated_at: new Date().toISOString(),
      })
      .execute();

    await publish({ db: site.db, by: 'staff-e2e', message: 'new title' });
    await waitForText(`${site.siteUrl}/en/papers/hotline-evaluation-framework/`, newTitle);
    await page.goto(`${site.siteUrl}/en/papers/hotline-evaluation-framework/`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(newTitle);

    await rollback({ db: site.db, by: 'staff-e2e', toRevisionId: first.revisionId });
    await waitForText(`${site.siteUrl}/en/papers/hotline-evaluation-framework/`, oldTitle);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(oldTitle);

    const counts = await load.stop();
    expect(counts.failures).toEqual([]);
    expect(counts.ok).toBeGreaterThan(200);
    // two switches happened, each retiring the previous server
    expect(site.log()).toContain('serving revision');
  } finally {
    await site.stop();
    site.remove();
  }
});
