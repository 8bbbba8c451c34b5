/**
 * The web editor in a browser, without JavaScript-dependent steps: an editor creates a paper,
 * a non-PDF named .pdf is refused, the PDF is uploaded (served by its hash, cached for a year),
 * "add another" adds an author row, an invalid DOI is refused with the field named and every
 * typed value kept, the corrected draft is saved and previewed as the public page will look;
 * a prose page's Markdown body is previewed rendered as the build renders it; a zh page is
 * previewed in Traditional characters from the zh-hant workspace, its local image served to staff.
 * Publishing it and the public pages are tests/e2e/editor-publish.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { checkPage } from './admin-session.ts';
import { expectNoAxeViolations } from './helpers.ts';
import { samplePdf } from './sample-files.ts';
import { signedInEditor } from './staff-members.ts';

const contentPages = [
  '/en/admin/content/',
  '/en/admin/content/papers/',
  '/en/admin/content/papers/some-paper/',
  '/en/admin/preview/papers/x/',
];

test('test_content_pages_redirect_to_sign_in_when_signed_out', async ({ request }) => {
  for (const path of contentPages) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers()['location'], path).toMatch(/^\/en\/admin\/sign-in\/$/);
  }
  const upload = await request.post('/en/admin/content-upload/?collection=papers&id=x&field=pdf', {
    headers: { 'Content-Type': 'application/pdf', Origin: new URL(contentPages[0], 'http://127.0.0.1').origin },
    data: samplePdf('anonymous'),
    maxRedirects: 0,
  });
  expect([303, 403]).toContain(upload.status());
  expect(await request.get(`/files/${'0'.repeat(64)}.pdf`).then((r) => r.status())).toBe(404);
});

test('test_editor_creates_a_paper_with_a_pdf_is_refused_an_invalid_doi_and_previews_the_draft', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const page = await signedInEditor(browser, baseURL!);
  const id = `open-data-${Date.now()}`;
  const title = `Open Hotline Data ${id.slice(-6)}`;

  await page.locator('main').getByRole('link', { name: 'Content' }).click();
  await checkPage(page, '/en/admin/content/');
  await checkPage(page, '/zh/admin/content/');
  await checkPage(page, '/en/admin/content/papers/');
  await expect(page.locator('table')).toContainText('hotline-evaluation-framework');

  // a file id that is not a slug is refused, then a good one opens the new entry's form
  await page.locator('#f-id').fill('Not A Slug');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.field-error')).toContainText('lowercase letters');
  await page.locator('#f-id').fill(id);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(new RegExp(`/en/admin/content/papers/${id}/$`));
  await checkPage(page, `/en/admin/content/papers/${id}/`);

  // an HTML file named .pdf is refused by its content
  await page
    .locator('#upload-pdf')
    .setInputFiles({ name: 'paper.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>'.repeat(5)) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.locator('.upload-form .error')).toHaveText('This file is not a PDF (its content was checked, not its name).');
  await expectNoAxeViolations(page);

  // the real PDF: the form now holds its address
  await page.locator('#upload-pdf').setInputFiles({ name: 'paper.pdf', mimeType: 'application/pdf', buffer: samplePdf(id) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('status')).toContainText('File uploaded');
  const pdfPath = await page.locator('#f-pdf').inputValue();
  expect(pdfPath).toMatch(/^\/files\/[0-9a-f]{64}\.pdf$/);
  const served = await page.request.get(pdfPath);
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toBe('application/pdf');
  expect(served.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect((await served.body()).equals(samplePdf(id))).toBe(true);

  // fill the form; "add another" adds an author row without JavaScript and keeps what was typed
  await page.locator('#f-title\\.en').fill(title);
  await page.locator('#f-authors\\.0\\.name\\.en').fill('Author M');
  await page.locator('#f-authors\\.0\\.affiliation\\.en').fill('Example Institute of Urban Governance');
  await page.getByRole('button', { name: 'Add another' }).first().click();
  await expect(page.locator('#f-title\\.en')).toHaveValue(title);
  await page.locator('#f-authors\\.1\\.name\\.en').fill('Author N');
  await page.locator('#f-authors\\.1\\.affiliation\\.en').fill('Example University');
  await page.locator('#f-abstract\\.en').fill('How open hotline data helps residents see what happens to their complaints.');
  await page.locator('#f-keywords\\.en').fill('hotline\nopen data');
  await page.locator('#f-collection').selectOption('research-papers');
  await page.locator('#f-year').fill('2024');
  await page.locator('#f-language').selectOption('en');
  await page.locator('#f-doi').fill('not-a-doi');
  await page.getByRole('button', { name: 'Save draft' }).click();

  // refused: the field is named, everything typed is still there
  const summary = page.locator('.error-summary');
  await expect(summary).toContainText('The draft was not saved');
  await expect(summary).toContainText('DOI: Not in the expected format');
  await expect(page.locator('#f-doi')).toHaveValue('not-a-doi');
  await expect(page.locator('#f-title\\.en')).toHaveValue(title);
  await expect(page.locator('#f-authors\\.1\\.name\\.en')).toHaveValue('Author N');
  await expect(page.locator('#f-pdf')).toHaveValue(pdfPath);
  await expect(page.locator('#f-collection')).toHaveValue('research-papers');
  await expectNoAxeViolations(page);
  await summary.getByRole('link', { name: /DOI/ }).click();
  await expect(page.locator('#f-doi')).toBeFocused();

  await page.locator('#f-doi').fill('10.5555/open-data.1');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(new RegExp(`/en/admin/content/papers/${id}/\\?done=saved(#.*)?$`));
  await expect(page.getByRole('status')).toContainText('Draft saved');
  await expect(page.getByRole('link', { name: 'Publish changes' })).toHaveAttribute('href', '/en/admin/publish/');
  await expect(page.locator('#f-abstract\\.zh')).toHaveValue('');
  await expect(page.locator('label[for="f-abstract.zh"]')).toContainText('Translation missing');

  // the list shows it as a new draft with its missing translations
  await page.goto('/en/admin/content/papers/');
  const row = page.locator('tbody tr', { hasText: id });
  await expect(row).toContainText('Draft (new)');
  await expect(row).toContainText('missing');

  // the preview: the public page's markup under a "not published" banner, never cached or indexed
  const preview = await page.goto(`/en/admin/preview/papers/${id}/`);
  expect(preview?.status()).toBe(200);
  expect(preview?.headers()['cache-control']).toBe('no-store');
  expect(preview?.headers()['x-robots-tag']).toBe('noindex, nofollow');
  await expect(page.locator('.preview-banner')).toContainText('Preview — not published');
  await expect(page.locator('h1')).toHaveText(title);
  await expect(page.locator('article')).toContainText('Author N');
  await expect(page.getByRole('link', { name: /PDF/ })).toHaveAttribute('href', pdfPath);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, nofollow');
  await expectNoAxeViolations(page);
});

test('test_editor_drafts_a_session_title_and_the_preview_shows_it_while_the_public_page_does_not', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const page = await signedInEditor(browser, baseURL!);
  const publicPage = await page.request.get('/en/sessions/parallel-1/');
  expect(publicPage.status()).toBe(200);
  const oldTitle = (await publicPage.text()).match(/<h1[^>]*>([^<]+)<\/h1>/)![1];
  const title = `Draft Session Title ${Date.now().toString().slice(-6)}`;

  await page.goto('/en/admin/content/sessions/parallel-1/');
  await page.locator('#f-title\\.en').fill(title);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status')).toContainText('Draft saved');

  // the editor links the preview; it is the public session page's markup under the banner
  await page.locator('main').getByRole('link', { name: 'Preview', exact: true }).first().click();
  await expect(page).toHaveURL(/\/en\/admin\/preview\/sessions\/parallel-1\/$/);
  const preview = await page.request.get('/en/admin/preview/sessions/parallel-1/');
  expect(preview.status()).toBe(200);
  expect(preview.headers()['cache-control']).toBe('no-store');
  expect(preview.headers()['x-robots-tag']).toBe('noindex, nofollow');
  await checkPage(page, '/en/admin/preview/sessions/parallel-1/');
  await expect(page.locator('.preview-banner')).toContainText('Preview — not published');
  await expect(page.locator('h1')).toHaveText(title);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, nofollow');

  // the public page is unchanged until the draft is published
  await page.goto('/en/sessions/parallel-1/');
  await expect(page.locator('h1')).toHaveText(oldTitle.trim());
  await expect(page.locator('.preview-banner')).toHaveCount(0);

  // a speaker's draft preview renders the public speaker page the same way
  const speakers = await page.request.get('/en/speakers/');
  const speakerId = (await speakers.text()).match(/href="\/en\/speakers\/([a-z0-9-]+)\/"/)![1];
  await checkPage(page, `/en/admin/preview/speakers/${speakerId}/`);
  await expect(page.locator('.preview-banner')).toContainText('Preview — not published');

  // leave the published session as it was for the other specs
  await page.goto('/en/admin/content/sessions/parallel-1/');
  await page.getByRole('button', { name: 'Discard this draft' }).click();
  await expect(page.getByRole('status')).toContainText('Draft discarded');
});

test('test_editor_drafts_a_prose_page_body_and_the_preview_renders_its_markdown_like_the_public_page', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const page = await signedInEditor(browser, baseURL!);
  const marker = `shuttle-${Date.now().toString().slice(-6)}`;

  // an unchanged page: the preview's article is the public page's, byte for byte
  await checkPage(page, '/en/admin/preview/pages/zh/venue/');
  await expect(page.locator('.preview-banner')).toContainText('Preview — not published');
  await expect(page.locator('.preview-banner')).toContainText('Will be published at /zh/venue/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const previewed = await page.locator('article.prose').innerHTML();
  await page.goto('/zh/venue/');
  expect(await page.locator('article.prose').innerHTML()).toBe(previewed);

  // a new paragraph in the body of the English page
  await page.goto('/en/admin/content/pages/en/venue/');
  const body = page.locator('#f-body');
  await body.fill(`${await body.inputValue()}\n\nThe ${marker} leaves **every hour** from the [program](/en/program/) venue.\n`);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status')).toContainText('Draft saved');
  await page.locator('main').getByRole('link', { name: 'Preview', exact: true }).first().click();
  await expect(page).toHaveURL(/\/en\/admin\/preview\/pages\/en\/venue\/$/);

  await checkPage(page, '/en/admin/preview/pages/en/venue/');
  const preview = await page.request.get('/en/admin/preview/pages/en/venue/');
  expect(preview.headers()['x-robots-tag']).toBe('noindex, nofollow');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, nofollow');
  await expect(page).toHaveTitle(/Venue and Travel/);
  await expect(page.locator('h1')).toHaveText('Venue and Travel');
  await expect(page.locator('article.prose h2#the-venue')).toHaveText('The venue');
  const paragraph = page.locator('article.prose p', { hasText: marker });
  await expect(paragraph.locator('strong')).toHaveText('every hour');
  await expect(paragraph.getByRole('link', { name: 'program' })).toHaveAttribute('href', '/en/program/');
  await page.locator('.preview-banner').getByRole('link', { name: 'Back to the form' }).click();
  await expect(page).toHaveURL(/\/en\/admin\/content\/pages\/en\/venue\/$/);

  // the public page is unchanged until the draft is published; then the draft is discarded for the other specs
  expect(await (await page.request.get('/en/venue/')).text()).not.toContain(marker);
  await page.getByRole('button', { name: 'Discard this draft' }).click();
  await expect(page.getByRole('status')).toContainText('Draft discarded');
});

/** The flows server's content folder (playwright.config.ts): the published revision the preview reads. */
const flowsContent = '.upcoming/content';

test('test_editor_previews_a_chinese_page_in_traditional_characters_with_its_local_image', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const page = await signedInEditor(browser, baseURL!);
  const stamp = Date.now().toString().slice(-6);
  const imageName = `map-${stamp}.png`;
  const image = join(flowsContent, 'pages/zh', imageName);
  // an image beside the content folder: what a `..` path would reach
  const outside = join(flowsContent, '..', `outside-${stamp}.png`);
  const png = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#2f6f8f' } })
    .png()
    .toBuffer();
  writeFileSync(image, png);
  writeFileSync(outside, png);
  try {
    // unchanged: the zh-hant preview's article is the public zh-hant page's, byte for byte
    await checkPage(page, '/zh-hant/admin/preview/pages/zh/venue/');
    await expect(page.locator('.preview-banner')).toContainText('/zh-hant/venue/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
    const previewed = await page.locator('article.prose').innerHTML();
    await page.goto('/zh-hant/venue/');
    expect(await page.locator('article.prose').innerHTML()).toBe(previewed);

    await page.goto('/en/admin/content/pages/zh/service-center/');
    await page.locator('#f-title').fill(`热线服务中心 ${stamp}`);
    const body = page.locator('#f-body');
    await body.fill(`${await body.inputValue()}\n\n![热线地图](./${imageName})\n\n![外部](../../../outside-${stamp}.png)\n`);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('status')).toContainText('Draft saved');

    // zh-hans: the draft's own characters; zh-hant: converted as the build converts the public page
    await checkPage(page, '/zh/admin/preview/pages/zh/service-center/');
    await expect(page.locator('h1')).toHaveText(`热线服务中心 ${stamp}`);
    expect(await page.locator('article.prose').textContent()).not.toContain('熱線');
    await checkPage(page, '/zh-hant/admin/preview/pages/zh/service-center/');
    await expect(page.locator('h1')).toHaveText(`熱線服務中心 ${stamp}`);
    await expect(page).toHaveTitle(new RegExp(`熱線服務中心 ${stamp}`));
    expect(await page.locator('article.prose').textContent()).not.toContain('热线');

    // the local image: served from the content folder to staff, with its type
    const img = page.locator('article.prose img[alt="熱線地圖"]');
    const src = `/zh-hant/admin/preview-file/pages/zh/${imageName}`;
    await expect(img).toHaveAttribute('src', src);
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(8);
    const served = await page.request.get(src);
    expect(served.status()).toBe(200);
    expect(served.headers()['content-type']).toBe('image/png');
    expect(served.headers()['cache-control']).toBe('no-store');
    expect((await served.body()).equals(png)).toBe(true);
    // an image outside the content folder is not served: a visible note in its place
    await checkPage(page, '/zh/admin/preview/pages/zh/service-center/');
    await expect(page.locator('article.prose .preview-image-later')).toHaveText('［图片“外部”：发布后在此显示］');
    await expect(page.locator('article.prose img')).toHaveAttribute('src', `/zh/admin/preview-file/pages/zh/${imageName}`);
    for (const path of [
      `..%2Foutside-${stamp}.png`,
      `%2e%2e/outside-${stamp}.png`,
      `pages/zh/..%2F..%2F..%2Foutside-${stamp}.png`,
      'pages/zh/service-center.md',
    ]) {
      const refused = await page.request.get(`/en/admin/preview-file/${path}`, { maxRedirects: 0 });
      expect(refused.status(), path).toBe(404);
      expect((await refused.body()).equals(png), path).toBe(false);
    }
    // signed out: no image
    const anonymous = await browser.newContext({ baseURL });
    expect((await anonymous.request.get(src, { maxRedirects: 0 })).status()).toBe(401);
    await anonymous.close();
  } finally {
    rmSync(image, { force: true });
    rmSync(outside, { force: true });
    // leave the published page as it was for the other specs (a failure before saving left no draft)
    await page.goto('/en/admin/content/pages/zh/service-center/');
    const discard = page.getByRole('button', { name: 'Discard this draft' });
    if ((await discard.count()) > 0) {
      await discard.click();
      await expect(page.getByRole('status')).toContainText('Draft discarded');
    }
  }
});
