/**
 * The preview of a prose page on real SQLite and PostgreSQL: a draft's Markdown body is rendered
 * at request time into exactly the HTML the build gives the same file. The build side is the real
 * thing: `astro sync` over a copy of the content folder holding the same page, whose data store
 * keeps each page's rendered HTML as the build renders it.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageSchema } from '../../src/content/schemas/pages.ts';
import { saveDraft, type EditingDeps } from '../../src/features/editing/draft.service.ts';
import { draftEntry, type DraftEntry } from '../../src/features/editing/draft-entry.service.ts';
import { sha256Of } from '../../src/features/editing/published.ts';
import { fakeClock } from '../fixtures/clock.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';

const root = process.cwd();
const actor = { userId: 'editor-1', email: 'editor-1@example.org' };

/** A page with a heading, a list, a link, emphasis, raw HTML and a code block. */
const enPage = `---
title: "Venue and Travel"
description: "Where the forum takes place in Beijing and how to plan your trip."
nav: 3
sample: true
---

## Getting to the venue

Plan **at least an hour** to cross the city, and *check the forecast*.

- Keep your registration confirmation at hand.
- All times are given in Beijing time; see the [program](/en/program/).

The <abbr title="12345 citizen service hotline">12345</abbr> hotline answers in Chinese and English.

\`\`\`text
Venue address: announced by the organizers
\`\`\`
`;

const zhPage = `---
title: "会场与交通"
description: "论坛在北京的举办地点及行程安排提示。"
nav: 3
sample: true
---

## 前往会场

请预留**至少一小时**穿越市区。

- 请随身携带报名确认信息。
- 详见[日程](/zh/program/)。
`;

/** The rendered HTML of every page, as `astro sync` (the build's content layer) stores it. */
async function builtHtml(pages: Record<string, string>): Promise<string[]> {
  mkdirSync(resolve(root, '.publish-test'), { recursive: true });
  const base = mkdtempSync(resolve(root, '.publish-test/prose-'));
  try {
    const contentDir = join(base, 'content');
    cpSync(resolve(root, 'content'), contentDir, { recursive: true });
    for (const [path, text] of Object.entries(pages)) writeFileSync(join(contentDir, path), text);
    const astro = join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
    await promisify(execFile)(process.execPath, [astro, 'sync'], {
      cwd: root,
      env: { ...process.env, CONTENT_DIR: relative(root, contentDir), ASTRO_CACHE_DIR: join(base, 'cache'), ASTRO_TELEMETRY_DISABLED: '1' },
    });
    // devalue's flat form: every string of the store is one element of this array
    const store: unknown = JSON.parse(readFileSync(join(base, 'cache', 'data-store.json'), 'utf8'));
    return (store as unknown[]).filter((value): value is string => typeof value === 'string');
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

let built: string[];
beforeAll(async () => {
  built = await builtHtml({ 'pages/en/venue.md': enPage, 'pages/zh/venue.md': zhPage });
}, 180_000);

describe.each(dialects)('prose page preview on %s', (dialect) => {
  let t: TestDb;
  let deps: EditingDeps;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    deps = { db: t.db, clock: fakeClock(new Date('2026-12-06T08:00:00Z')), contentDir: join(root, 'content') };
  });
  afterAll(async () => {
    await t.drop();
  });

  async function previewOf(id: string, text: string): Promise<DraftEntry> {
    const path = `pages/${id}.md`;
    const published = readFileSync(join(deps.contentDir, path), 'utf8');
    const saved = await saveDraft(deps, { path, body: text, baseSha256: sha256Of(published), draftUpdatedAt: null, actor });
    expect(saved.kind).toBe('saved');
    const entry = await draftEntry(deps, 'pages', id, pageSchema);
    if (!entry || 'error' in entry) throw new Error(`no preview of ${id}`);
    return entry;
  }

  it('test_draftEntry_englishPageDraft_rendersTheHtmlTheBuildGivesTheSameFile', async () => {
    const entry = await previewOf('en/venue', enPage);
    const html = entry.rendered!.html;

    expect(html).toContain('<h2 id="getting-to-the-venue">Getting to the venue</h2>');
    expect(html).toContain('<strong>at least an hour</strong>');
    expect(html).toContain('<em>check the forecast</em>');
    expect(html).toMatch(/<ul>\s*<li>Keep your registration confirmation at hand.<\/li>/);
    expect(html).toContain('<a href="/en/program/">program</a>');
    // raw HTML is kept as written, as the build keeps it (content authors are trusted)
    expect(html).toContain('<abbr title="12345 citizen service hotline">12345</abbr>');
    expect(built).toContain(html);
    expect(entry.rendered!.metadata.headings).toEqual([{ depth: 2, slug: 'getting-to-the-venue', text: 'Getting to the venue' }]);
    expect(entry.data).toMatchObject({ title: 'Venue and Travel', description: expect.stringContaining('Beijing'), sample: true });
  });

  it('test_draftEntry_chinesePageDraft_rendersTheHtmlTheBuildGivesTheSameFile', async () => {
    const entry = await previewOf('zh/venue', zhPage);
    const html = entry.rendered!.html;

    expect(html).toContain('<h2 id="前往会场">前往会场</h2>');
    expect(html).toContain('<strong>至少一小时</strong>');
    expect(html).toContain('<a href="/zh/program/">日程</a>');
    expect(built).toContain(html);
    expect(entry.data).toMatchObject({ title: '会场与交通' });
  });

  it('test_draftEntry_pageWithAFrontmatterError_isAnErrorNotRendered', async () => {
    const path = 'pages/en/new-page.md';
    await saveDraft(deps, { path, body: '---\ntitle: [unclosed\n---\nBody', baseSha256: null, draftUpdatedAt: null, actor });
    expect(await draftEntry(deps, 'pages', 'en/new-page', pageSchema)).toEqual({ error: expect.any(Error) });
    expect(await draftEntry(deps, 'pages', 'en/missing-page', pageSchema)).toBeUndefined();
  });
});
