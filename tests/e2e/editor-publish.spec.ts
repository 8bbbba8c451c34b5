/**
 * The second half of the editor's flow: a paper made in the browser is published, then the
 * public paper page, the papers index, search and the RSS feed show it. Publishing is
 * src/features/publishing (the Publish page at /<locale>/admin/publish/), built beside the
 * editor: this file is marked fixme until both are on one branch; remove the fixme line then.
 */
import { expect, test } from '@playwright/test';
import { samplePdf, signedInEditor } from './editor-session.ts';

test.fixme(true, 'needs the Publish page (src/features/publishing): enable once it is merged with the editor');

test('test_editor_publishes_a_new_paper_and_the_public_pages_search_and_rss_show_it', async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const page = await signedInEditor(browser, baseURL!);
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

  // publish (the Publish page lists the draft; its button starts the publish job)
  await page.getByRole('link', { name: 'Publish changes' }).click();
  await expect(page).toHaveURL(/\/en\/admin\/publish\/$/);
  await expect(page.locator('main')).toContainText(`papers/${id}.yaml`);
  await page.getByRole('button', { name: /Publish/ }).click();
  await expect(page.locator('main')).toContainText(/published/i, { timeout: 180_000 });

  // the public site shows it
  await expect(async () => {
    const response = await page.goto(`/en/papers/${id}/`);
    expect(response?.status()).toBe(200);
  }).toPass({ timeout: 120_000 });
  await expect(page.locator('h1')).toHaveText(title);
  await expect(page.getByRole('link', { name: /PDF/ })).toHaveAttribute('href', pdfPath);
  expect((await page.request.get(pdfPath)).status()).toBe(200);
  await page.goto('/en/papers/');
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  const rss = await (await page.request.get('/en/papers/rss.xml')).text();
  expect(rss).toContain(title);
  await page.goto('/en/search/');
  await page.locator('pagefind-input input').fill('Published Hotline Paper');
  await expect(page.locator(`pagefind-results a[href*="/en/papers/${id}/"]`).first()).toBeVisible({ timeout: 15_000 });
});
