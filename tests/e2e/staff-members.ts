/**
 * Staff members of the flows server in the browser tests: the first admin (made with
 * `npm run admin:create`, authenticator app set up), the members that admin invites with a
 * role, and an editor. Each signs in in its own browser context.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import type { StaffRole } from '../../src/features/staff/roles.ts';
import { totp } from '../support/totp.ts';
import { PASSWORD, createAdmin, setPassword, signIn } from './admin-session.ts';
import { uniqueEmail, waitForEmail } from './flows.ts';

async function setPasswordAndSignIn(page: Page, link: string, email: string) {
  await setPassword(page, link);
  await signIn(page, email);
}

/** A new admin who has set a password and signed in, but has no authenticator app yet (the page is on its set-up). */
export async function adminWithoutAuthenticator(page: Page, baseURL: string, label: string): Promise<string> {
  const email = uniqueEmail(label);
  await setPasswordAndSignIn(page, createAdmin(email, baseURL), email);
  await expect(page).toHaveURL(/\/en\/admin\/two-factor\/$/);
  return email;
}

/** A new admin with the authenticator app set up, signed in on `page`; their email. */
export async function signedInAdmin(page: Page, baseURL: string, label: string): Promise<string> {
  const email = await adminWithoutAuthenticator(page, baseURL, label);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('form.form button[type=submit]').click();
  const secret = (await page.locator('#totp-key').textContent())!.trim();
  await page.locator('#f-code').fill(totp(secret));
  await page.locator('form.form button[type=submit]').last().click();
  await expect(page).toHaveURL(/\/en\/admin\/\?notice=twoFactorOn$/);
  return email;
}

/** The admin on `admin` invites a member with `role`; they set a password and sign in in a new browser context. */
export async function invitedMember(admin: Page, browser: Browser, baseURL: string, role: Exclude<StaffRole, 'admin'>, label: string) {
  await admin.goto('/en/admin/staff/');
  const email = uniqueEmail(`${label}-${role}`);
  await admin.locator('#f-name').fill(`Member ${role}`);
  await admin.locator('#f-email').fill(email);
  await admin.locator('#f-role').selectOption(role);
  await admin.locator('form.form button[type=submit]').click();
  await expect(admin).toHaveURL(/\/en\/admin\/staff\/\?notice=invited$/);
  const invitation = await waitForEmail(email, /invited/);
  const link = /https?:\/\/\S+\/en\/admin\/password\/[A-Za-z0-9_-]+\//.exec(invitation.text)?.[0];
  const page = await (await browser.newContext({ baseURL })).newPage();
  await setPasswordAndSignIn(page, link!, email);
  await expect(page).toHaveURL(/\/en\/admin\/$/);
  return { page, email };
}

/** A page signed in as a new editor (invited by a new admin, whose context is closed). */
export async function signedInEditor(browser: Browser, baseURL: string): Promise<Page> {
  const admin = await (await browser.newContext({ baseURL })).newPage();
  await signedInAdmin(admin, baseURL, 'content-admin');
  const { page } = await invitedMember(admin, browser, baseURL, 'editor', 'content');
  await admin.context().close();
  return page;
}
