/**
 * Check-in at the door with Chromium's fake camera: each browser is started with a video made
 * from ticket QR codes (qrcode → PNG → ffmpeg → y4m). A scan checks in, a second is flagged, a
 * cancelled ticket is refused, three scans made offline are queued and synced, two devices
 * scanning one ticket at once give one check-in and one duplicate, and nothing is fetched from
 * another host (the QR decoder's WebAssembly is ours).
 */
import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { expectNoAxeViolations } from './helpers.ts';
import { checkInsOf, codeOf, dir, flowsDb, launchArgs, register, adminSessionState, videoOf } from './checkin-support.ts';

const POINT = '/en/admin/checkin/entrance/';

test.describe.configure({ mode: 'serial' });

let storageState: Awaited<ReturnType<BrowserContext['storageState']>>;

async function cameraBrowser(name: string, codes: string[]): Promise<{ browser: Browser; offsite: string[] }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: launchArgs(await videoOf(name, codes)),
  });
  return { browser, offsite: [] };
}

async function scannerPage(browser: Browser, offsite: string[], baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, storageState, locale: 'en-US', timezoneId: 'America/New_York' });
  await context.grantPermissions(['camera'], { origin: baseURL });
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => {
      offsite.push(route.request().url());
      return route.abort();
    },
  );
  const page = await context.newPage();
  await page.goto(POINT);
  await expect(page.locator('#checkin-app')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  await expect(page.locator('[data-status]')).toContainText(/\d+ tickets on this device/, { timeout: 20_000 });
  return { context, page };
}

const result = (page: Page) => page.locator('[data-result]');

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  storageState = await adminSessionState(browser, baseURL!);
});

test('test_checkin_scan_checks_in_then_flags_the_second_scan', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const email = await register(page, 'Ada Scanner');
  const { browser, offsite } = await cameraBrowser('first', [codeOf(email)]);
  try {
    const { page: scanner } = await scannerPage(browser, offsite, baseURL!);
    await expectNoAxeViolations(scanner);
    await scanner.getByRole('button', { name: 'Start camera' }).click();
    await expect(result(scanner)).toHaveAttribute('data-tone', 'ok', { timeout: 20_000 });
    await expect(result(scanner)).toContainText('Checked in');
    await expect(result(scanner)).toContainText('Ada Scanner');
    await expect.poll(() => checkInsOf(email), { timeout: 15_000 }).toBe(1);
    // the code again (the camera stopped and started): flagged with the first check-in
    await scanner.getByRole('button', { name: 'Stop camera' }).click();
    await scanner.getByRole('button', { name: 'Start camera' }).click();
    await expect(result(scanner)).toHaveAttribute('data-tone', 'duplicate', { timeout: 20_000 });
    await expect(result(scanner)).toContainText('Already checked in');
    await expect(result(scanner)).toContainText('First check-in at');
    await expectNoAxeViolations(scanner);
    const counts = await scanner.goto('/en/admin/checkin/');
    expect(counts?.status()).toBe(200);
    await expect(scanner.locator('tr[data-point="entrance"] [data-count="tickets"]')).not.toHaveText('0');
    expect(checkInsOf(email)).toBe(1);
    expect(offsite).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('test_checkin_cancelled_ticket_is_refused_with_the_reason', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const email = await register(page, 'Cass Cancelled');
  await page.getByRole('button', { name: 'Cancel registration' }).click();
  await page.locator('#f-confirm').check();
  await page.getByRole('button', { name: 'Cancel registration' }).click();
  await expect(page.locator('[data-status]')).toHaveText('Cancelled');
  const { browser, offsite } = await cameraBrowser('cancelled', [codeOf(email)]);
  try {
    const { page: scanner } = await scannerPage(browser, offsite, baseURL!);
    await scanner.getByRole('button', { name: 'Start camera' }).click();
    await expect(result(scanner)).toHaveAttribute('data-tone', 'refused', { timeout: 20_000 });
    await expect(result(scanner)).toContainText('The registration is cancelled.');
    expect(checkInsOf(email)).toBe(0);
    expect(offsite).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('test_checkin_offline_scans_are_queued_and_synced_when_back_online', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const emails = [await register(page, 'Offline One'), await register(page, 'Offline Two'), await register(page, 'Offline Three')];
  const { browser, offsite } = await cameraBrowser('offline', emails.map(codeOf));
  try {
    const { context, page: scanner } = await scannerPage(browser, offsite, baseURL!);
    // the decoder is kept by the screen's service worker before the network goes
    await scanner.waitForFunction(
      async () => {
        const cache = await caches.open('checkin-v1');
        return (await cache.keys()).some((r) => r.url.endsWith('.wasm'));
      },
      undefined,
      { timeout: 20_000 },
    );
    await context.setOffline(true);
    await scanner.getByRole('button', { name: 'Start camera' }).click();
    await expect(scanner.locator('#checkin-app')).toHaveAttribute('data-queued', '3', { timeout: 30_000 });
    await expect(scanner.locator('[data-status]')).toContainText('3 scans waiting to be sent');
    for (const email of emails) expect(checkInsOf(email)).toBe(0);
    await context.setOffline(false);
    await expect(scanner.locator('#checkin-app')).toHaveAttribute('data-queued', '0', { timeout: 30_000 });
    for (const email of emails) expect(checkInsOf(email)).toBe(1);
    expect(offsite).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('test_checkin_two_devices_scanning_one_ticket_at_once_give_one_checkin_and_one_duplicate', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const email = await register(page, 'Twin Scan');
  const { browser, offsite } = await cameraBrowser('twin', [codeOf(email)]);
  try {
    const a = await scannerPage(browser, offsite, baseURL!);
    const b = await scannerPage(browser, offsite, baseURL!);
    await Promise.all([a.page, b.page].map((p) => p.getByRole('button', { name: 'Start camera' }).click()));
    await expect.poll(() => checkInsOf(email), { timeout: 20_000 }).toBe(1);
    const tones = async () => (await Promise.all([a.page, b.page].map((p) => result(p).getAttribute('data-tone')))).sort();
    await expect.poll(tones, { timeout: 20_000 }).toEqual(['duplicate', 'ok']);
    expect(checkInsOf(email)).toBe(1);
    expect(offsite).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('test_checkin_without_javascript_search_and_check_in', async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  const email = await register(page, 'Noscript Person');
  const context = await browser.newContext({ baseURL, storageState, javaScriptEnabled: false });
  const desk = await context.newPage();
  await desk.goto(`${POINT}?q=${encodeURIComponent(email)}`);
  await expect(desk.locator('tbody tr')).toHaveCount(1);
  await desk.getByRole('button', { name: 'Check in: Noscript Person' }).click();
  await expect(desk.locator('.checkin-done')).toHaveText('Checked in.');
  expect(checkInsOf(email)).toBe(1);
  const roster = await context.request.get('/en/admin/checkin/entrance/roster.json');
  expect(roster.status()).toBe(200);
  expect(roster.headers()['cache-control']).toBe('no-store');
  const body = (await roster.json()) as { key: string; expiresAt: string; entries: { attendee: { name: string } }[] };
  expect(Buffer.from(body.key, 'base64')).toHaveLength(32);
  expect(body.entries.some((e) => e.attendee.name === 'Noscript Person')).toBe(true);
  // the workspace's check-in and badge pages are valid HTML as served, and never cached
  const validator = new HtmlValidate(new FileSystemConfigLoader());
  for (const path of [
    '/en/admin/checkin/',
    `${POINT}?q=${encodeURIComponent(email)}`,
    '/zh/admin/checkin/entrance/',
    '/en/admin/badges/',
  ]) {
    const response = await context.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['cache-control'], path).toBe('no-store');
    const report = await validator.validateString(await response.text(), path);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${path}:${m.line} ${m.ruleId}: ${m.message}`))).toEqual([]);
  }
  const manifest = await page.request.get('/en/admin/checkin/manifest.webmanifest');
  expect(((await manifest.json()) as { scope: string }).scope).toBe('/en/admin/checkin/');
  const signedOut = await page.request.get('/en/admin/checkin/entrance/roster.json', { maxRedirects: 0 });
  expect(signedOut.status()).toBe(401);
  await context.close();
});

test('test_badges_bulk_run_shows_progress_and_gives_a_pdf_with_the_names', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL, storageState });
  const page = await context.newPage();
  await page.goto('/en/admin/');
  await page.getByRole('link', { name: 'Name badges' }).click();
  await expectNoAxeViolations(page);
  await page.locator('#f-layout-a4').check();
  await page.getByRole('button', { name: 'Make badges' }).click();
  await expect(page).toHaveURL(/\/en\/admin\/badges\/jobs\/[A-Za-z0-9_-]{22}\/$/);
  await expectNoAxeViolations(page);
  // the page refreshes itself (no JavaScript) until the PDF is ready
  await expect(page.locator('[data-download]')).toBeVisible({ timeout: 60_000 });
  const pdf = await page.request.get((await page.locator('[data-download]').getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'badges.pdf');
  writeFileSync(file, await pdf.body());
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  expect(text).toContain('Ada Scanner');
  // one attendee's badge, for the registration desk
  const db = flowsDb();
  const { id } = db.prepare("select id from registration where name = 'Twin Scan'").get() as { id: string };
  db.close();
  const one = await page.request.get(`/en/admin/badges/${id}.pdf`);
  expect(one.status()).toBe(200);
  writeFileSync(join(dir, 'one.pdf'), await one.body());
  expect(execFileSync('pdftotext', [join(dir, 'one.pdf'), '-'], { encoding: 'utf8' })).toContain('Twin Scan');
  await context.close();
});

test('test_checkin_and_badge_routes_refuse_the_signed_out', async ({ request }) => {
  for (const path of [
    '/en/admin/checkin/',
    POINT,
    '/zh/admin/checkin/session-parallel-1/',
    '/en/admin/badges/',
    '/en/admin/badges/jobs/AAAAAAAAAAAAAAAAAAAAAA/',
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers()['location'], path).toMatch(/^\/(en|zh)\/admin\/sign-in\/$/);
  }
  const sync = await request.post('/en/admin/checkin/entrance/sync.json', { data: { scans: [] } });
  expect(sync.status()).toBe(401);
  expect((await request.get('/en/admin/badges/0123456789abcdef.pdf')).status()).toBe(401);
});
