/**
 * The organizer workspace in a browser: the first admin (npm run admin:create against the flows
 * server's database) sets a password, must set up TOTP before anything else, signs out and in
 * again with a code, invites a registration-desk member, who cannot open staff management (403);
 * signed out, every admin route redirects to sign-in; every admin page answers no-store, axe 0.
 */
import { expect, test } from '@playwright/test';
import { totp } from '../support/totp.ts';
import { expectNoAxeViolations } from './helpers.ts';
import { PASSWORD, createAdmin, setPassword, signIn, checkPage } from './admin-session.ts';
import { uniqueEmail, waitForEmail } from './flows.ts';

const protectedPaths = [
  '/en/admin/',
  '/zh/admin/',
  '/en/admin/two-factor/',
  '/en/admin/staff/',
  '/zh/admin/staff/',
  '/en/admin/audit/',
  '/en/admin/audit/?page=2',
];

test('test_admin_routes_redirect_to_sign_in_when_signed_out', async ({ request }) => {
  for (const path of protectedPaths) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers()['location'], path).toMatch(/^\/(en|zh)\/admin\/sign-in\/$/);
    expect(response.headers()['cache-control'], path).toBe('no-store');
  }
  const unknown = await request.get('/en/admin/no-such-page/', { maxRedirects: 0 });
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()['cache-control']).toBe('no-store');
  const root = await request.get('/admin', { maxRedirects: 0 });
  expect(root.status()).toBe(302);
  expect(root.headers()['location']).toBe('/en/admin/');
});

test('test_sign_in_pages_have_no_axe_violations', async ({ page }) => {
  test.setTimeout(90_000);
  await checkPage(page, '/en/admin/sign-in/');
  await checkPage(page, '/zh/admin/sign-in/');
  await checkPage(page, '/en/admin/password/not-a-real-token-123/', 404);
});

test('test_admin_with_totp_invites_a_desk_member_who_cannot_manage_staff', async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const adminEmail = uniqueEmail('admin');
  await setPassword(page, createAdmin(adminEmail, baseURL!));

  // wrong password first: the form comes back with the address kept and a clear error
  await page.locator('#f-email').fill(adminEmail);
  await page.locator('#f-password').fill('not the password');
  await page.locator('form.form button[type=submit]').click();
  await expect(page.locator('.error-summary')).toContainText('not right');
  await expect(page.locator('#f-email')).toHaveValue(adminEmail);
  await expect(page.locator('#f-password')).toHaveValue('');

  // an admin without TOTP is sent to set it up before anything else
  await signIn(page, adminEmail);
  await expect(page).toHaveURL(/\/en\/admin\/two-factor\/$/);
  const staffPage = await page.goto('/en/admin/staff/');
  expect(new URL(staffPage!.url()).pathname).toBe('/en/admin/two-factor/');
  await checkPage(page, '/en/admin/two-factor/');
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('form.form button[type=submit]').click();
  await expect(page.locator('.qr svg')).toBeVisible();
  await expectNoAxeViolations(page);
  const secret = (await page.locator('#totp-key').textContent())!.trim();
  await page.locator('#f-code').fill(totp(secret));
  await page.locator('form.form button[type=submit]').last().click();
  await expect(page).toHaveURL(/\/en\/admin\/\?notice=twoFactorOn$/);
  await checkPage(page, '/en/admin/');
  await checkPage(page, '/zh/admin/');

  // sign out, then in again: password, then the code
  await page.locator('.staff-bar button[type=submit]').click();
  await expect(page).toHaveURL(/\/zh\/admin\/sign-in\/\?notice=signedOut$/);
  expect((await page.request.get('/en/admin/', { maxRedirects: 0 })).status()).toBe(303);
  await signIn(page, adminEmail);
  await expect(page).toHaveURL(/\/en\/admin\/sign-in\/code\/$/);
  await expectNoAxeViolations(page);
  await page.locator('#f-code').fill(totp(secret, Date.now() + 30_000));
  await page.locator('form.form button[type=submit]').click();
  await expect(page).toHaveURL(/\/en\/admin\/$/);

  // invite a registration-desk member (the email goes through the outbox)
  await checkPage(page, '/en/admin/staff/');
  const deskEmail = uniqueEmail('desk');
  await page.locator('#f-name').fill('Desk Person');
  await page.locator('#f-email').fill(deskEmail);
  await page.locator('#f-role').selectOption('desk');
  await page.locator('form.form button[type=submit]').click();
  await expect(page).toHaveURL(/\/en\/admin\/staff\/\?notice=invited$/);
  await expect(page.locator('table')).toContainText(deskEmail);
  await expectNoAxeViolations(page);
  await checkPage(page, '/en/admin/audit/');
  await expect(page.locator('table')).toContainText('staff.invite');
  await checkPage(page, `/zh/admin/audit/?action=staff.sign-in&actor=${encodeURIComponent(adminEmail)}`);
  // once with the password alone (before TOTP was set up), once with password and code
  await expect(page.locator('tbody tr')).toHaveCount(2);

  const invitation = await waitForEmail(deskEmail, /invited/);
  const link = /https?:\/\/\S+\/en\/admin\/password\/[A-Za-z0-9_-]+\//.exec(invitation.text)?.[0];
  expect(link, invitation.text).toBeTruthy();

  const desk = await (await browser.newContext({ baseURL })).newPage();
  await setPassword(desk, link!);
  // single use
  expect((await desk.goto(link!))?.status()).toBe(404);
  await signIn(desk, deskEmail);
  await expect(desk).toHaveURL(/\/en\/admin\/$/);
  await expect(desk.locator('main')).toContainText('Registrations');
  await expect(desk.locator('.site-nav')).not.toContainText('Staff');
  await checkPage(desk, '/en/admin/staff/', 403);
  await expect(desk.locator('h1')).toHaveText('Not allowed');
  await checkPage(desk, '/en/admin/audit/', 403);
  // the form itself refuses too
  const refused = await desk.request.post('/en/admin/staff/?_action=staffInvite', {
    headers: { Origin: baseURL! },
    form: { locale: 'en', name: 'X', email: uniqueEmail('x'), role: 'admin' },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(403);
  await desk.context().close();
});
