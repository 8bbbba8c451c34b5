/**
 * Staff in the browser tests of the organizer workspace: the first admin made with
 * `npm run admin:create` against the flows server's database, the password link, sign-in, and
 * the checks every workspace page passes (no-store, valid HTML as served, no axe violation).
 */
import { expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { e2eData } from '../../playwright.config.ts';
import { expectNoAxeViolations } from './helpers.ts';

export const PASSWORD = 'correct horse battery staple';

/** `npm run admin:create` against the flows server's database: the one-time link it prints. */
export function createAdmin(email: string, baseURL: string): string {
  const out = execFileSync(join(process.cwd(), 'node_modules/.bin/node'), ['scripts/admin-create.ts', '--email', email], {
    env: { ...process.env, DATABASE_URL: `sqlite:${e2eData}/flows/forum.db`, SITE_URL: baseURL },
    encoding: 'utf8',
  });
  const link = /https?:\/\/\S+\/admin\/password\/[A-Za-z0-9_-]+\//.exec(out)?.[0];
  expect(link, out).toBeTruthy();
  return link!;
}

/** Open a password link and set the password; the page lands on the sign-in form. */
export async function setPassword(page: Page, link: string) {
  await page.goto(link);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('#f-confirm').fill(PASSWORD);
  await page.locator('form.form button[type=submit]').click();
  await expect(page).toHaveURL(/\/admin\/sign-in\/\?notice=passwordSet$/);
}

/** The first step of the sign-in (email and password). */
export async function signIn(page: Page, email: string) {
  await page.goto('/en/admin/sign-in/');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('form.form button[type=submit]').click();
}

const validator = new HtmlValidate(new FileSystemConfigLoader()); // reads .htmlvalidate.json

/** The page answers no-store, is valid HTML as served and has no axe violations. */
export async function checkPage(page: Page, path: string, status = 200) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  expect(response?.headers()['cache-control'], path).toBe('no-store');
  const report = await validator.validateString(await response!.text(), path);
  expect(report.results.flatMap((r) => r.messages.map((m) => `${path}:${m.line} ${m.ruleId}: ${m.message}`))).toEqual([]);
  await expectNoAxeViolations(page);
}
