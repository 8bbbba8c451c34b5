/**
 * An editor in the browser tests: the first admin (with the authenticator app) invites a staff
 * member with the editor role, who sets a password and signs in (editors need no second factor).
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { totp } from '../support/totp.ts';
import { PASSWORD, createAdmin } from './admin-session.ts';
import { uniqueEmail, waitForEmail } from './flows.ts';

async function setPasswordAndSignIn(page: Page, link: string, email: string) {
  await page.goto(link);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('#f-confirm').fill(PASSWORD);
  await page.locator('form.form button[type=submit]').click();
  await expect(page).toHaveURL(/\/admin\/sign-in\/\?notice=passwordSet$/);
  await page.goto('/en/admin/sign-in/');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('form.form button[type=submit]').click();
}

/** A page signed in as a new editor. */
export async function signedInEditor(browser: Browser, baseURL: string): Promise<Page> {
  const admin = await (await browser.newContext({ baseURL })).newPage();
  const adminEmail = uniqueEmail('content-admin');
  await setPasswordAndSignIn(admin, createAdmin(adminEmail, baseURL), adminEmail);
  await expect(admin).toHaveURL(/\/en\/admin\/two-factor\/$/);
  await admin.locator('#f-password').fill(PASSWORD);
  await admin.locator('form.form button[type=submit]').click();
  const secret = (await admin.locator('#totp-key').textContent())!.trim();
  await admin.locator('#f-code').fill(totp(secret));
  await admin.locator('form.form button[type=submit]').last().click();
  await expect(admin).toHaveURL(/\/en\/admin\/\?notice=twoFactorOn$/);

  await admin.goto('/en/admin/staff/');
  const email = uniqueEmail('content-editor');
  await admin.locator('#f-name').fill('Content Editor');
  await admin.locator('#f-email').fill(email);
  await admin.locator('#f-role').selectOption('editor');
  await admin.locator('form.form button[type=submit]').click();
  await expect(admin).toHaveURL(/\/en\/admin\/staff\/\?notice=invited$/);
  await admin.context().close();
  const invitation = await waitForEmail(email, /invited/);
  const link = /https?:\/\/\S+\/en\/admin\/password\/[A-Za-z0-9_-]+\//.exec(invitation.text)?.[0];
  const page = await (await browser.newContext({ baseURL })).newPage();
  await setPasswordAndSignIn(page, link!, email);
  await expect(page).toHaveURL(/\/en\/admin\/$/);
  return page;
}

/** A small valid PDF (one empty page). */
export function samplePdf(marker: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${marker}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}
