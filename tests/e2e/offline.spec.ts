import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, waitForWorker } from './helpers.ts';

test('test_program_and_session_load_offline_after_one_visit_with_the_saved_copy_notice', async ({ page, context }) => {
  await page.goto('/en/program/');
  await waitForWorker(page);
  await expect(page.locator('.offline-note')).toHaveCount(0);
  await page.goto('/en/sessions/parallel-1/');
  const title = await page.locator('h1').textContent();

  await context.setOffline(true);
  await page.goto('/en/program/');
  await expect(page.locator('h1')).toHaveText('Program');
  await expect(page.locator('.offline-note')).toContainText('You are offline: this is a copy saved on');
  await expectNoAxeViolations(page);
  await page.goto('/en/sessions/parallel-1/');
  await expect(page.locator('h1')).toHaveText(title!);
  await expect(page.locator('.offline-note')).toBeVisible();
  // The Traditional Chinese program was saved too, when the worker installed.
  await page.goto('/zh-hant/program/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
  await expect(page.locator('.offline-note')).toContainText('當前處於離線狀態');

  await context.setOffline(false);
  await page.goto('/en/program/');
  await expect(page.locator('.offline-note')).toHaveCount(0);
});

test('test_the_app_is_installable_with_a_manifest_and_local_icons', async ({ page, request }) => {
  await page.goto('/zh-hant/');
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  expect(href).toBe('/zh-hant/manifest.webmanifest');
  const manifest = await (await request.get(href!)).json();
  expect(manifest).toMatchObject({ lang: 'zh-Hant', start_url: '/zh-hant/program/', display: 'standalone' });
  for (const icon of manifest.icons as { src: string; type: string }[]) {
    expect(icon.src.startsWith('/')).toBe(true);
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()['content-type']).toContain(icon.type);
  }
  const worker = await request.get('/sw.js');
  expect(worker.headers()['content-type']).toMatch(/javascript/);
  expect(await worker.text()).toMatch(/^const BUILD = \{"version":"[a-z0-9]+"/);
});

for (const [accept, home] of [
  ['zh-HK', '/zh-hant/'],
  ['zh-TW', '/zh-hant/'],
  ['zh-MO', '/zh-hant/'],
  ['zh-CN', '/zh/'],
] as const) {
  test(`test_a_${accept}_browser_at_the_root_lands_on_${home.replace(/\//g, '')}`, async ({ browser }) => {
    const context = await browser.newContext({ locale: accept });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page).toHaveURL(new RegExp(`${home}$`));
    await expect(page.locator('html')).toHaveAttribute('lang', home === '/zh/' ? 'zh-CN' : 'zh-Hant');
    await context.close();
  });
}
