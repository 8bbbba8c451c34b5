/**
 * Live figures and announcements in a browser (flows server): the figures page draws charts
 * with a table each (axe 0); an announcement to everyone in one session reaches its total,
 * the recipients and the test email to oneself arrive, and the progress really streams.
 */
import { expect, test, type Page } from '@playwright/test';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { expectNoAxeViolations } from './helpers.ts';
import { fillRegistration, uniqueEmail, waitForEmail } from './flows.ts';
import { signedInAdmin } from './staff-members.ts';

const validator = new HtmlValidate(new FileSystemConfigLoader()); // reads .htmlvalidate.json

/** The page as served is valid HTML and answers no-store. */
async function expectValidHtml(page: Page, path: string) {
  const response = await page.request.get(path);
  expect(response.headers()['cache-control'], path).toBe('no-store');
  const report = await validator.validateString(await response.text(), path);
  expect(report.results.flatMap((r) => r.messages.map((m) => `${path}:${m.line} ${m.ruleId}: ${m.message}`))).toEqual([]);
}

test('test_figures_and_announcements_signed_out_redirect', async ({ request }) => {
  for (const path of ['/en/admin/figures/', '/zh/admin/announcements/', '/en/admin/announcements/some-id/']) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers()['location'], path).toMatch(/\/admin\/sign-in\/$/);
  }
  expect((await request.get('/en/admin/announcements/some-id/events', { maxRedirects: 0 })).status()).toBe(401);
});

test('test_figures_charts_with_tables_and_an_announcement_reaching_its_total', async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  // two people in one session, the group the announcement goes to
  const people = [uniqueEmail('announce-a'), uniqueEmail('announce-b')];
  for (const [i, email] of people.entries()) {
    await fillRegistration(page, 'en', { name: `Announce ${i}`, email, session: 'parallel-3' });
    await expect(page).toHaveURL(/\/en\/check-email\//);
  }
  const adminEmail = await signedInAdmin(page, baseURL!, 'figures-admin');

  await page.goto('/en/admin/');
  await page.getByRole('link', { name: 'Live figures' }).click();
  await expect(page).toHaveURL(/\/en\/admin\/figures\/$/);
  const charts = page.locator('svg.chart[role=img]');
  expect(await charts.count()).toBeGreaterThanOrEqual(3);
  await expect(page.locator('#figure-sessions table')).toContainText('P3');
  await expect(page.locator('#figure-sessions svg title')).toHaveText('Fill per session');
  await expectNoAxeViolations(page);
  await page.goto('/zh/admin/figures/');
  await expectNoAxeViolations(page);
  await expectValidHtml(page, '/en/admin/figures/');
  await expectValidHtml(page, '/en/admin/announcements/');

  // write, preview, test to self, send
  const subject = `Shuttle ${Date.now()}`;
  await page.goto('/en/admin/announcements/');
  await expectNoAxeViolations(page);
  await page.locator('#f-sessionId').selectOption('parallel-3');
  await page.locator('#f-subjectEn').fill(subject);
  await page.locator('#f-bodyEn').fill('Buses leave at 8.\n\nSee you there.');
  await page.locator('#f-subjectZh').fill(`班车 ${subject}`);
  await page.locator('#f-bodyZh').fill('班车八点发车。');
  await page.locator('form.form button[type=submit]').click();
  await expect(page).toHaveURL(/\/en\/admin\/announcements\/[^/]+\/$/);
  await expect(page.locator('pre.email-preview').first()).toContainText('Buses leave at 8.');
  await expectNoAxeViolations(page);
  await expectValidHtml(page, new URL(page.url()).pathname);
  const count = Number(/(\d+) recipients/.exec((await page.locator('#send-title').textContent()) ?? '')?.[1]);
  expect(count).toBeGreaterThanOrEqual(2);

  await page.getByRole('button', { name: /Send a test to me/ }).click();
  await expect(page).toHaveURL(/\?notice=testSent$/);
  await waitForEmail(adminEmail, new RegExp(subject));

  const eventsUrl = await page.evaluate(() => location.pathname + 'events');
  // the stream streams: a second tab (same staff session) reads it from before the send to its end
  const watcher = await page.context().newPage();
  await watcher.goto(page.url());
  const streamed = watcher.evaluate(async (url) => {
    const response = await fetch(url);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const seen: { at: number; data: string }[] = [];
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const parts = buffer.split('\n\n');
      buffer = parts.pop() ?? '';
      for (const part of parts) {
        const data = /^data: (.*)$/m.exec(part)?.[1];
        if (data) seen.push({ at: Date.now(), data });
      }
    }
    return { type: response.headers.get('content-type'), encoding: response.headers.get('content-encoding'), seen };
  }, eventsUrl);
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: `Send to ${count} recipients` }).click();
  await expect(page.locator('#progress')).toBeVisible();
  const events = await streamed;
  expect(events.type).toMatch(/^text\/event-stream/);
  expect(events.encoding).toBeNull();
  expect(events.seen.length).toBeGreaterThanOrEqual(3);
  expect(events.seen.at(-1)!.at - events.seen[0].at).toBeGreaterThan(500);
  const last = JSON.parse(events.seen.at(-1)!.data) as { sent: number; failed: number; total: number; done: boolean };
  expect(last).toMatchObject({ sent: count, failed: 0, total: count, done: true });

  // the page (live through its own EventSource) shows the final count
  await expect(page.locator('[data-field="sent"]')).toHaveText(String(count), { timeout: 30_000 });
  await expect(page.locator('#progress-state')).toHaveText('Finished.');
  await expectNoAxeViolations(page);
  await expectValidHtml(page, new URL(page.url()).pathname);
  for (const email of people) await waitForEmail(email, new RegExp(subject));

  // without JavaScript the same page shows the final count, and stops refreshing once done
  const noJs = await browser.newContext({ baseURL, javaScriptEnabled: false, storageState: await page.context().storageState() });
  const plain = await noJs.newPage();
  await plain.goto(page.url());
  await expect(plain.locator('[data-field="sent"]')).toHaveText(String(count));
  await expect(plain.locator('#progress-state')).toHaveText('Finished.');
  await expect(plain.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  await noJs.close();
});
