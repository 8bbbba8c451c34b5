/**
 * Visits screens and exports in a browser: an admin (with TOTP) sees a slot's manifest with a
 * party registered under a Chinese name, reveals its document numbers (audited), downloads the
 * registrations as XLSX and CSV and reads them back with the name intact; a desk member sees no
 * document numbers and cannot reveal them; a check-in member cannot open the lists (403);
 * signed out, every page and export redirects to sign-in; axe 0 on every page.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import readXlsxFile from 'read-excel-file/node';
import { expectNoAxeViolations } from './helpers.ts';
import { checkPage } from './admin-session.ts';
import { book, fillRegistration, uniqueEmail } from './flows.ts';
import { invitedMember, signedInAdmin } from './staff-members.ts';

const SLOT = 'day-2-1400-zh';
const pages = ['/en/admin/visits/', `/en/admin/visits/${SLOT}/`, '/zh/admin/visits/', '/en/admin/exports/', '/zh/admin/exports/'];
const files = [
  'registrations.xlsx',
  'registrations.csv',
  'attendees.xlsx',
  'waiting.csv',
  'payments.xlsx',
  `visit-${SLOT}.xlsx`,
  `visit-${SLOT}.csv`,
].map((f) => `/en/admin/exports/${f}`);

/** Click a download link; the file's bytes. */
async function downloaded(page: Page, name: RegExp): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  return readFileSync(await download.path());
}

test('test_visits_pages_and_exports_redirect_to_sign_in_when_signed_out', async ({ request }) => {
  for (const path of [...pages, ...files]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers()['location'], path).toMatch(/^\/(en|zh)\/admin\/sign-in\/$/);
  }
});

test('test_admin_sees_the_manifest_reveals_documents_and_exports_chinese_names_desk_and_checkin_are_limited', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const name = '王小明';
  const email = uniqueEmail('exports-attendee');
  await fillRegistration(page, 'zh', { name, email, category: 'mainland' });
  await expect(page).toHaveURL(/\/zh\/check-email\//);
  await book(page, 'zh', { slot: SLOT, party: 1, email, name });
  await expect(page).toHaveURL(/\/zh\/check-email\/\?for=booking/);
  await page.context().clearCookies();

  await signedInAdmin(page, baseURL!, 'exports-admin');
  await expect(page.getByRole('link', { name: 'Visits' })).toBeVisible();
  await checkPage(page, '/en/admin/visits/');
  await expect(page.locator('table')).toContainText(SLOT);
  await checkPage(page, '/zh/admin/visits/');
  await page.goto('/en/admin/visits/');
  await page.getByRole('link', { name: SLOT }).click();
  await expect(page.locator('h1')).toHaveText(`Manifest: ${SLOT}`);
  await expectNoAxeViolations(page);
  const row = page.locator('tbody tr', { hasText: `${name} 1` });
  await expect(row).toContainText('Example Institute');
  await expect(row).not.toContainText(/E\d{7}/); // not shown until asked for
  await row.getByRole('button', { name: /Show document numbers/ }).click();
  const revealedRow = page.locator('tbody tr', { hasText: `${name} 1` });
  await expect(revealedRow).toContainText(/passport E\d{7}/);
  await expect(page.locator('main')).toContainText('recorded in the audit log');
  await expectNoAxeViolations(page);
  const documentNumber = /E\d{7}/.exec((await revealedRow.textContent())!)![0];

  await checkPage(page, '/zh/admin/exports/');
  await checkPage(page, '/en/admin/exports/');
  const xlsx = await downloaded(page, /^Registrations .*\(XLSX\)$/);
  const [sheet] = await readXlsxFile(xlsx);
  const nameColumn = sheet.data[0].indexOf('Name');
  expect(sheet.data.map((r) => r[nameColumn])).toContain(name);
  const csv = await downloaded(page, /^Registrations .*\(CSV\)$/);
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.toString('utf8')).toContain(`,${name},`);
  const manifest = await (await page.request.get(`/en/admin/exports/visit-${SLOT}.csv`)).text();
  expect(manifest).toContain(documentNumber);
  await checkPage(page, '/en/admin/audit/?action=reveal.');
  await expect(page.locator('table')).toContainText('reveal.visit-documents');
  await expect(page.locator('table')).toContainText('reveal.export');

  const { page: desk } = await invitedMember(page, browser, baseURL!, 'desk', 'exports');
  await checkPage(desk, `/en/admin/visits/${SLOT}/`);
  await expect(desk.locator('tbody')).toContainText(`${name} 1`);
  await expect(desk.getByRole('button', { name: /Show document numbers/ })).toHaveCount(0);
  await expect(desk.locator('main')).toContainText('Only admins can see document numbers.');
  const bookingId = await page.request
    .get(`/en/admin/exports/visit-${SLOT}.csv`)
    .then(async (r) => (await r.text()).split('\r\n')[1].split(',')[0]);
  const refused = await desk.request.post(`/en/admin/visits/${SLOT}/?reveal=${bookingId}`, {
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).not.toContain(documentNumber);
  const deskFile = await desk.request.get(`/en/admin/exports/visit-${SLOT}.csv`);
  expect(deskFile.status()).toBe(200);
  expect(await deskFile.text()).not.toContain(documentNumber);
  await desk.context().close();

  const { page: checkin } = await invitedMember(page, browser, baseURL!, 'checkin', 'exports');
  await checkPage(checkin, '/en/admin/visits/', 403);
  await checkPage(checkin, '/en/admin/exports/', 403);
  for (const path of files) expect((await checkin.request.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
  await checkin.context().close();
});
