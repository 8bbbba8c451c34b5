import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, waitForWorker } from './helpers.ts';
import { confirmFromEmail, fillRegistration, uniqueEmail } from './flows.ts';

test('test_my_ticket_loads_offline_after_one_visit_and_is_forgotten_on_sign_out', async ({ page, context }) => {
  test.setTimeout(90_000);
  const email = uniqueEmail('offline');
  await fillRegistration(page, 'zh-hant', { name: 'Offline Ticket', email, category: 'mainland' });
  await confirmFromEmail(page, email);
  await waitForWorker(page);
  await page.getByRole('link', { name: '離線使用的門票' }).click();
  await expect(page).toHaveURL(/\/zh-hant\/my\/ticket\/$/);
  await expect(page.locator('h2#ticket-name')).toHaveText('Offline Ticket');
  await expect(page.locator('img.ticket-qr')).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
  await expectNoAxeViolations(page);
  // Only the ticket is kept: the registration page itself never enters a cache.
  const cached = await page.evaluate(async () => {
    const all: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) all.push(new URL(r.url).pathname);
    return all;
  });
  expect(cached).toContain('/zh-hant/my/ticket/');
  expect(cached.filter((p) => p.includes('/my/'))).toEqual(['/zh-hant/my/ticket/']);

  await context.setOffline(true);
  await page.goto('/zh-hant/my/ticket/');
  await expect(page.locator('h2#ticket-name')).toHaveText('Offline Ticket');
  await expect(page.locator('img.ticket-qr')).toBeVisible();
  await expect(page.locator('.offline-note')).toContainText('當前處於離線狀態');
  // "My registration" offline shows the saved ticket.
  await page.goto('/zh-hant/my/');
  await expect(page.locator('h2#ticket-name')).toHaveText('Offline Ticket');

  await context.setOffline(false);
  // Chromium hands "online" to the service worker a moment later: until then its fetch still
  // fails and it answers with the saved ticket, so load the page until the network serves it.
  const signOut = page.getByRole('button', { name: '退出登錄', exact: true });
  await expect(async () => {
    await page.goto('/zh-hant/my/');
    await expect(signOut).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await signOut.click();
  await expect(page).toHaveURL(/\/zh-hant\/my\/\?signedOut=1$/);
  await expect.poll(() => page.evaluate(async () => (await caches.keys()).includes('forum-ticket'))).toBe(false);
  await context.setOffline(true);
  const offline = await page.goto('/zh-hant/my/ticket/').catch(() => null);
  expect(offline?.ok() ?? false).toBe(false);
  await context.setOffline(false);
});
