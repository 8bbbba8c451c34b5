/**
 * The editor's whole flow on a server that follows publishing (its own site copy, served by
 * server.mjs as a cluster primary): a paper made in the browser is published from the Publish
 * page, the progress page reaches "Published", the public paper page, the papers index, search
 * and the RSS feed show it; a rollback from the History page brings the old state back.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { join } from 'node:path';
import { publishSite } from '../../bench/lib/publish-site.mjs';
import { publish } from '../../src/features/publishing/publish.service.ts';
import { PASSWORD, checkPage, setPassword, signIn } from '../e2e/admin-session.ts';
import { samplePdf } from '../e2e/sample-files.ts';

/** A staff member with the editor role in the site copy's database, signed in. */
async function signedInEditor(page: Page, site: Awaited<ReturnType<typeof publishSite>>) {
  const email = `editor-${Date.now()}@example.org`;
  const out = execFileSync(join(process.cwd(), 'node_modules/.bin/node'), ['scripts/admin-create.ts', '--email', email], {
    env: { ...process.env, DATABASE_URL: `sqlite:${join(site.site.contentDir, '..', 'data', 'forum.db')}`, SITE_URL: site.siteUrl },
    encoding: 'utf8',
  });
  const link = /https?:\/\/\S+\/admin\/password\/[A-Za-z0-9_-]+\//.exec(out)?.[0];
  expect(link, out).toBeTruthy();
  // the account the script makes is an admin; this test is about the editor role
  await site.db.updateTable('org_user').set({ role: 'editor' }).where('email', '=', email).execute();
  await setPassword(page, link!);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/en\/admin\/$/);
  expect(PASSWORD).toBeTruthy();
}

async function followProgress(page: Page) {
  await expect(page).toHaveURL(/\/en\/admin\/publish\/\d+\/$/);
  await expect(page.locator('#publish-state')).toHaveText('Published', { timeout: 150_000 });
  await expect(page.locator('main')).toContainText('the public site shows this revision');
}

test('test_editor_publishes_a_new_paper_then_rolls_back_from_history', async ({ browser }) => {
  test.setTimeout(420_000);
  const port = Number(process.env.E2E_PORT ?? 4329) + 2;
  const site = await publishSite({ name: 'e2e-editor-publish', port });
  try {
    const first = await publish({ db: site.db, by: 'staff-e2e', message: 'start' });
    await site.start(first.revisionId);
    const page = await (await browser.newContext({ baseURL: site.siteUrl })).newPage();
    await signedInEditor(page, site);

    const id = `published-paper-${Date.now()}`;
    const title = `Published Hotline Paper ${id.slice(-6)}`;
    await page.goto('/en/admin/content/papers/');
    await page.locator('#f-id').fill(id);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.locator('#upload-pdf').setInputFiles({ name: 'paper.pdf', mimeType: 'application/pdf', buffer: samplePdf(id) });
    await page.getByRole('button', { name: 'Upload' }).click();
    const pdfPath = await page.locator('#f-pdf').inputValue();
    await page.locator('#f-title\\.en').fill(title);
    await page.locator('#f-title\\.zh').fill('已发布的热线论文');
    await page.locator('#f-authors\\.0\\.name\\.en').fill('Author M');
    await page.locator('#f-authors\\.0\\.affiliation\\.en').fill('Example Institute of Urban Governance');
    await page.locator('#f-abstract\\.en').fill('A paper published from the organizer workspace.');
    await page.locator('#f-keywords\\.en').fill('hotline');
    await page.locator('#f-collection').selectOption('research-papers');
    await page.locator('#f-year').fill('2024');
    await page.locator('#f-language').selectOption('en');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('status')).toContainText('Draft saved');

    // the Publish page lists the draft; its button starts the publish and leads to the progress
    await checkPage(page, '/en/admin/publish/');
    await checkPage(page, '/zh/admin/publish/');
    await page.goto('/en/admin/publish/');
    await expect(page.locator('main')).toContainText(`papers/${id}.yaml`);
    await expect(page.locator('main')).toContainText('New');
    await page.locator('#f-message').fill('A new paper');
    await page.getByRole('button', { name: /^Publish \d+ changes$/ }).click();
    await followProgress(page);
    await checkPage(page, new URL(page.url()).pathname);

    // the public site shows it: paper page, PDF, index, RSS, search
    await expect(async () => {
      const response = await page.goto(`/en/papers/${id}/`);
      expect(response?.status()).toBe(200);
    }).toPass({ timeout: 60_000 });
    await expect(page.locator('h1')).toHaveText(title);
    await expect(page.getByRole('link', { name: /PDF/ })).toHaveAttribute('href', pdfPath);
    expect((await page.request.get(pdfPath)).status()).toBe(200);
    await page.goto('/en/papers/');
    await expect(page.getByRole('link', { name: title })).toBeVisible();
    expect(await (await page.request.get('/en/papers/rss.xml')).text()).toContain(title);
    await page.goto('/en/search/');
    await page.getByRole('searchbox').fill('Published Hotline Paper');
    await expect(page.locator(`#search-results a[href*="/en/papers/${id}/"]`).first()).toBeVisible({ timeout: 15_000 });

    // History: the new revision with its diff, the content download, the rollback
    await checkPage(page, '/en/admin/history/');
    await page.goto('/en/admin/history/');
    await expect(page.locator('main')).toContainText('A new paper');
    const zip = await page.request.get('/en/admin/history/content.zip');
    expect(zip.status()).toBe(200);
    expect(zip.headers()['content-disposition']).toContain('attachment');
    expect(zip.headers()['cache-control']).toBe('no-store');
    expect((await zip.body()).includes(Buffer.from(`content/papers/${id}.yaml`))).toBe(true);
    const newest = await page.locator('tbody tr').first().locator('a').first().textContent();
    await checkPage(page, `/en/admin/history/${newest}/`);
    await expect(page.locator('ins').first()).toBeVisible();
    await expect(page.locator('main')).toContainText(`papers/${id}.yaml · Added`);

    await checkPage(page, `/en/admin/history/${first.revisionId}/`);
    await page.getByRole('button', { name: 'Roll back to this revision' }).click();
    // without the confirmation box ticked nothing happens (the browser's own required check)
    await expect(page).toHaveURL(new RegExp(`/en/admin/history/${first.revisionId}/$`));
    await page.getByLabel(`Yes, put the public site back to revision ${first.revisionId}`).check();
    await page.getByRole('button', { name: 'Roll back to this revision' }).click();
    await followProgress(page);
    await expect(async () => {
      const response = await page.goto(`/en/papers/${id}/`);
      expect(response?.status()).toBe(404);
    }).toPass({ timeout: 60_000 });
    await page.goto('/en/admin/history/');
    await expect(page.locator('tbody tr').first()).toContainText(`Rollback to revision ${first.revisionId}`);
  } finally {
    await site.stop();
    site.remove();
  }
});

/** A small real JPEG (64 × 64), made here so no binary file is committed for the test. */
const portrait = () =>
  sharp({ create: { width: 64, height: 64, channels: 3, background: '#2f6f8f' } })
    .jpeg()
    .toBuffer();

test('test_editor_uploads_a_speaker_photo_previews_and_publishes_it', async ({ browser }) => {
  test.setTimeout(420_000);
  const port = Number(process.env.E2E_PORT ?? 4329) + 2;
  const site = await publishSite({ name: 'e2e-speaker-photo', port });
  try {
    const first = await publish({ db: site.db, by: 'staff-e2e', message: 'start' });
    await site.start(first.revisionId);
    const page = await (await browser.newContext({ baseURL: site.siteUrl })).newPage();
    await signedInEditor(page, site);
    const form = '/en/admin/content/speakers/speaker-a/';

    // the upload fills the photo field with a path next to the speaker files
    await page.goto(form);
    await page.locator('#upload-photo').setInputFiles({ name: 'portrait.jpg', mimeType: 'image/jpeg', buffer: await portrait() });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page.getByRole('status')).toContainText('File uploaded');
    const photoPath = await page.locator('#f-photo').inputValue();
    const [, sha256] = /^\.\/photos\/([0-9a-f]{64})\.jpg$/.exec(photoPath) ?? [];
    expect(sha256, photoPath).toBeTruthy();

    // a path that names no photo is refused on its field; what was typed stays
    await page.locator('#f-photo').fill('./photos/nobody.jpg');
    await page.locator('#f-position\\.en').fill('Professor of Urban Governance');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.locator('#f-photo-error')).toContainText('Photo not found');
    await expect(page.locator('#f-position\\.en')).toHaveValue('Professor of Urban Governance');
    await page.locator('#f-photo').fill(photoPath);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('status')).toContainText('Draft saved');
    await checkPage(page, form);
    await checkPage(page, '/zh/admin/content/speakers/speaker-a/');

    // the preview shows the uploaded file itself (not built yet)
    await checkPage(page, '/en/admin/preview/speakers/speaker-a/');
    const draftPhoto = page.locator('img.speaker-photo');
    await expect(draftPhoto).toHaveAttribute('src', `/files/${sha256}.jpg`);
    await expect(draftPhoto).toHaveAttribute('width', '160');
    const served = await page.request.get(`/files/${sha256}.jpg`);
    expect(served.status()).toBe(200);
    expect(served.headers()['content-type']).toBe('image/jpeg');

    // before publishing, the Publish page lists the photo the publish will add beside the speaker's draft
    await checkPage(page, '/zh/admin/publish/');
    await expect(page.locator('tbody tr', { hasText: `speakers/photos/${sha256}.jpg` })).toContainText('新增图片');
    await checkPage(page, '/en/admin/publish/');
    await expect(page.locator('tbody tr', { hasText: 'speakers/speaker-a.yaml' })).toContainText('Changed');
    await expect(page.locator('tbody tr', { hasText: `speakers/photos/${sha256}.jpg` })).toContainText('Image added');
    await page.locator('#f-message').fill('Photo of Speaker A');
    await page.getByRole('button', { name: /^Publish \d+ changes?$/ }).click();
    await followProgress(page);

    // the public page shows it through the image pipeline (<picture> with AVIF and WebP)
    await expect(async () => {
      await page.goto('/en/speakers/speaker-a/');
      await expect(page.locator('picture img.speaker-photo')).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    const src = await page.locator('picture img.speaker-photo').getAttribute('src');
    const image = await page.request.get(src!);
    expect(image.status()).toBe(200);
    expect(image.headers()['content-type']).toMatch(/^image\//);
    const avif = await page.locator('picture source[type="image/avif"]').getAttribute('srcset');
    expect((await page.request.get(avif!.split(/[ ,]/)[0])).headers()['content-type']).toBe('image/avif');

    // git users find the photo in the content download; the history says an image was added
    const zip = await page.request.get('/en/admin/history/content.zip');
    expect((await zip.body()).includes(Buffer.from(`content/speakers/photos/${sha256}.jpg`))).toBe(true);
    await page.goto('/en/admin/history/');
    const newest = await page.locator('tbody tr').first().locator('a').first().textContent();
    await checkPage(page, `/en/admin/history/${newest}/`);
    await expect(page.locator('main')).toContainText(`speakers/photos/${sha256}.jpg · Image added`);

    // removing the photo (a plain checkbox): the draft names none, the preview shows the placeholder
    await page.goto(form);
    await page.getByLabel('Remove the photo').check();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('status')).toContainText('Draft saved');
    await expect(page.locator('#f-photo')).toHaveValue('');
    await page.goto('/en/admin/preview/speakers/speaker-a/');
    await expect(page.locator('svg.speaker-photo-none')).toBeVisible();
  } finally {
    await site.stop();
    site.remove();
  }
});
