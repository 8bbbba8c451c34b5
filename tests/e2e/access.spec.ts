/**
 * Access by email only. A form sent with someone else's address gives no access to their
 * earlier records and answers exactly as for an unknown address; a link opened from another
 * site signs nobody in (only "Continue" does); signing out, here and everywhere.
 */
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoAxeViolations } from './helpers.ts';
import { book, confirmFromEmail, confirmSubject, fillRegistration, linkIn, uniqueEmail, waitForEmail } from './flows.ts';

const cookieName = 'forum_access';
const slot = 'day-2-1400-zh';

/** A person with a confirmed registration and a booking, signed in in their own browser. */
async function victim(context: BrowserContext) {
  const page = await context.newPage();
  const email = uniqueEmail('victim');
  await fillRegistration(page, 'en', { name: 'Victim Person', email });
  await confirmFromEmail(page, email);
  await book(page, 'en', { slot, party: 1, email, name: 'Victim Visitor', language: 'zh' });
  await expect(page).toHaveURL(/\/en\/my\/\?booked=1$/); // signed in: booked as themselves at once
  await expect(page.locator('[data-booking-status]')).toHaveText('Booked');
  return email;
}

interface Answer {
  status: number;
  location: string;
  setsAccess: boolean;
  url: string;
  text: string;
}

/** Send a form as a browser would (first without following the redirect, to see status and cookies), then show where it leads. */
async function answer(page: Page, path: string, form: Record<string, string>, baseURL: string): Promise<Answer> {
  const response = await page.request.post(path, { headers: { Origin: baseURL }, form, maxRedirects: 0 });
  const location = response.headers()['location'] ?? '';
  const setsAccess = response.headersArray().some((h) => h.name.toLowerCase() === 'set-cookie' && h.value.includes(cookieName));
  await page.goto(location || path);
  return { status: response.status(), location, setsAccess, url: page.url(), text: await page.locator('main').innerText() };
}

const registration = (email: string) => ({
  locale: 'en',
  ticket: 'general',
  'session.d1-1400': 'parallel-1',
  name: 'Mallory',
  organization: 'Elsewhere',
  email,
  country: 'Nowhere',
  category: 'international',
  consent: 'on',
});

const booking = (email: string) => ({
  locale: 'en',
  slot,
  partySize: '1',
  guideLanguage: 'zh',
  visitorName: 'Mallory',
  visitorOrganization: 'Elsewhere',
  documentType: 'passport',
  documentNumber: `M${Date.now() % 100_000_000}`,
  contactName: 'Mallory',
  organization: 'Elsewhere',
  email,
  consent: 'on',
});

/** Both answers for a known and an unknown address, sent in the same minute (the time to confirm by is shown to the minute). */
async function answersFor(page: Page, path: string, form: (email: string) => Record<string, string>, known: string, baseURL: string) {
  for (let attempt = 0; ; attempt++) {
    const minute = Math.floor(Date.now() / 60_000);
    const forKnown = await answer(page, path, form(known), baseURL);
    const forUnknown = await answer(page, path, form(uniqueEmail('nobody')), baseURL);
    if (Math.floor(Date.now() / 60_000) === minute || attempt > 0) return { forKnown, forUnknown };
  }
}

async function expectNoAccessTo(request: APIRequestContext, page: Page, victimName: string) {
  await page.goto('/en/my/');
  await expect(page.locator('main')).not.toContainText(victimName);
  expect((await request.get('/en/my/ticket.pdf')).status()).toBe(401);
  expect((await request.get('/en/my/letter.pdf')).status()).toBe(401);
}

test('test_a_form_with_a_known_email_gives_no_access_and_the_same_answer_as_an_unknown_one', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const victimContext = await browser.newContext();
  const known = await victim(victimContext);

  // Without any cookie: both forms, the victim's address and an unknown one.
  const stranger = await browser.newContext();
  const page = await stranger.newPage();
  for (const [path, form] of [
    ['/en/register/?_action=register', registration],
    ['/en/visits/book/?_action=bookVisit', booking],
  ] as const) {
    const { forKnown, forUnknown } = await answersFor(page, path, form, known, baseURL!);
    expect(forKnown.status, path).toBe(303);
    expect(forKnown.location, path).toMatch(/^\/en\/check-email\/\?for=(registration|booking)&by=/);
    expect(forKnown.setsAccess || forUnknown.setsAccess, path).toBe(false);
    expect(forKnown, path).toEqual(forUnknown);
    expect(await stranger.cookies()).toEqual([]);
    await expectNoAccessTo(stranger.request, page, 'Victim');
  }

  // With a cookie of one's own: signed in as oneself, the forms still open nothing of the victim's.
  const attacker = await browser.newContext();
  const own = await attacker.newPage();
  const attackerEmail = uniqueEmail('attacker');
  await fillRegistration(own, 'en', { name: 'Mallory Own', email: attackerEmail });
  await confirmFromEmail(own, attackerEmail);
  const before = (await attacker.cookies()).find((c) => c.name === cookieName)?.value;
  expect(before).toBeTruthy();
  const { forKnown, forUnknown } = await answersFor(own, '/en/register/?_action=register', registration, known, baseURL!);
  expect(forKnown).toEqual(forUnknown);
  expect(forKnown.setsAccess).toBe(false);
  // Booking while signed in books as the signed-in person, whatever address is typed.
  const bookedKnown = await answer(own, '/en/visits/book/?_action=bookVisit', booking(known), baseURL!);
  expect([bookedKnown.status, bookedKnown.location, bookedKnown.setsAccess]).toEqual([303, '/en/my/?booked=1', false]);
  const elsewhere = { ...booking(uniqueEmail('nobody')), slot: 'day-2-1400-en', guideLanguage: 'en' };
  const bookedAgain = await answer(own, '/en/visits/book/?_action=bookVisit', elsewhere, baseURL!);
  expect([bookedAgain.status, bookedAgain.location, bookedAgain.setsAccess]).toEqual([303, '/en/my/?booked=1', false]);
  expect((await attacker.cookies()).find((c) => c.name === cookieName)?.value).toBe(before);
  await own.goto('/en/my/');
  await expect(own.locator('h2#reg-heading')).toHaveText('Mallory Own');
  await expect(own.locator('main')).not.toContainText('Victim');

  // The victim was emailed their link about the attempts, and still sees only their own records.
  await waitForEmail(known, /link to manage|管理/);
  const victimPage = await victimContext.newPage();
  await victimPage.goto('/en/my/');
  await expect(victimPage.locator('h2#reg-heading')).toHaveText('Victim Person');
  await expect(victimPage.locator('.booking')).toHaveCount(1);
  await Promise.all([victimContext.close(), stranger.close(), attacker.close()]);
});

test('test_a_cross_site_get_of_a_link_signs_nobody_in_and_continue_does', async ({ browser }) => {
  const email = uniqueEmail('link');
  const registering = await browser.newContext();
  await fillRegistration(await registering.newPage(), 'en', { name: 'Link Owner', email });
  await registering.close();
  const link = linkIn(await waitForEmail(email, confirmSubject));
  const token = link.split('/').at(-2)!;

  const context = await browser.newContext();
  const page = await context.newPage();
  // Another site sends the browser to the link (a navigation, and an image it embeds).
  await page.route('https://evil.example/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: `<img src="${link}"><a id="go" href="${link}">win a prize</a>` }),
  );
  await page.goto('https://evil.example/');
  await page.locator('#go').click();
  await expect(page).toHaveURL(link);
  await expect(page.locator('h1')).toHaveText('Open your registration');
  expect(await context.cookies()).toEqual([]);
  await page.goto('/en/my/');
  await expect(page.locator('main')).not.toContainText('Link Owner');
  // A form on another site posting "Continue" is refused by the origin check.
  const forged = await context.request.post(`${new URL(link).pathname}?_action=signIn`, {
    headers: { Origin: 'https://evil.example' },
    form: { locale: 'en', token },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);
  expect(await context.cookies()).toEqual([]);

  // The person presses Continue: signed in with a new session token, never the link's.
  await page.goto(link);
  await expectNoAxeViolations(page);
  expect(page.url()).toBe(link);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/en\/my\/\?confirmed=1$/);
  await expect(page.locator('[data-status]')).toHaveText('Confirmed');
  await expect(page.getByRole('button', { name: 'Sign out everywhere' })).toBeVisible();
  await expectNoAxeViolations(page);
  const cookie = (await context.cookies()).find((c) => c.name === cookieName);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(cookie?.value).not.toBe(token);
  await context.close();
});

test('test_sign_out_here_and_everywhere', async ({ browser }) => {
  const email = uniqueEmail('signout');
  const laptop = await browser.newContext();
  const page = await laptop.newPage();
  await fillRegistration(page, 'zh', { name: 'Sign Out', email, category: 'mainland' });
  const link = linkIn(await waitForEmail(email, confirmSubject));
  const phone = await browser.newContext();
  const phonePage = await phone.newPage();
  for (const p of [page, phonePage]) {
    await p.goto(link);
    await p.getByRole('button', { name: '继续' }).click();
    await expect(p.locator('h2#reg-heading')).toHaveText('Sign Out');
  }
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: '退出登录', exact: true }).click();
  await expect(page).toHaveURL(/\/zh\/my\/\?signedOut=1$/);
  await expect(page.locator('h2#reg-heading')).toHaveCount(0);
  await expect(page.locator('#resend-heading')).toBeVisible();
  await phonePage.reload();
  await expect(phonePage.locator('h2#reg-heading')).toHaveText('Sign Out');

  await phonePage.getByRole('button', { name: '在所有设备上退出' }).click();
  await expect(phonePage).toHaveURL(/\/zh\/my\/\?signedOutEverywhere=1$/);
  await expect(phonePage.locator('h2#reg-heading')).toHaveCount(0);
  await expectNoAxeViolations(phonePage);
  // The link from the email no longer opens anything.
  const reopened = await phone.request.get(new URL(link).pathname, { maxRedirects: 0 });
  expect(reopened.status()).toBe(303);
  expect(reopened.headers()['location']).toBe('/zh/my/?link=invalid');
  await Promise.all([laptop.close(), phone.close()]);
});

test('test_the_check_email_page_leads_to_the_local_outbox_which_lists_the_email', async ({ page }) => {
  const email = uniqueEmail('outbox');
  await fillRegistration(page, 'en', { name: 'Outbox Reader', email });
  await expectNoAxeViolations(page);
  await waitForEmail(email, confirmSubject);
  await page.getByRole('link', { name: 'Open the local mail outbox' }).click();
  await expect(page).toHaveURL(/\/dev\/outbox\/?$/);
  await expect(page.locator('table')).toContainText(email);
});

test.describe('in production', () => {
  let server: ChildProcess | undefined;
  let dataDir = '';
  const port = Number(process.env.E2E_PORT ?? 4329) + 2;
  const origin = `http://127.0.0.1:${port}`;
  test.use({ baseURL: origin });

  test.beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'forum-production-'));
    server = spawn(join(process.cwd(), 'node_modules/.bin/node'), ['server.mjs'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        APP_SECRET: 'x'.repeat(40),
        DIST_DIR: '.upcoming/dist',
        PORT: String(port),
        HOST: '127.0.0.1',
        SITE_URL: origin,
        DATA_DIR: dataDir,
        DATABASE_URL: `sqlite:${join(dataDir, 'forum.db')}`,
      },
      stdio: 'ignore',
    });
    await expect.poll(async () => (await fetch(`${origin}/api/health`).catch(() => undefined))?.status, { timeout: 20_000 }).toBe(200);
  });
  test.afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('test_the_local_outbox_is_never_reachable_in_production', async ({ page }) => {
    expect((await fetch(`${origin}/dev/outbox`)).status).toBe(404);
    expect((await fetch(`${origin}/dev/outbox/`)).status).toBe(404);
    await fillRegistration(page, 'en', { name: 'Production Person', email: uniqueEmail('prod') });
    expect(page.url()).toMatch(/\/en\/check-email\//);
    await expect(page.locator('main')).not.toContainText('outbox');
  });
});
