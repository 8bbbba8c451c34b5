/**
 * What the registration and visit flows share: filling the forms as a person does, reading
 * the local mail outbox of the "flows" server, and signing in with the link from an email.
 */
import { expect, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eData } from '../../playwright.config.ts';

let counter = 0;
export const uniqueEmail = (tag: string) => `${tag}-${Date.now()}-${process.pid}-${counter++}@example.org`;

export interface Person {
  name: string;
  email: string;
  ticket?: string;
  /** the parallel session(s) to choose, at most one per time block (default parallel-1) */
  session?: string | string[];
  category?: string;
}

/** The example content's time blocks: P1–P3 on day 1 afternoon, P4–P6 on day 2 morning. */
export const blockOf = (session: string) => (['parallel-4', 'parallel-5', 'parallel-6'].includes(session) ? 'd2-0900' : 'd1-1400');
/** The form field of a session's time block, e.g. "session.d1-1400". */
export const sessionField = (session: string) => `session.${blockOf(session)}`;

/** Fill and send the registration form the way a person does, label by label. */
export async function fillRegistration(page: Page, locale: 'en' | 'zh' | 'zh-hant', p: Person) {
  await page.goto(`/${locale}/register/`);
  await page.locator(`input[name=ticket][value="${p.ticket ?? 'general'}"]`).check();
  for (const session of [p.session ?? 'parallel-1'].flat()) {
    await page.locator(`input[name="${sessionField(session)}"][value="${session}"]`).check();
  }
  await page.locator('#f-name').fill(p.name);
  await page.locator('#f-organization').fill('Example University');
  await page.locator('#f-email').fill(p.email);
  await page.locator('#f-country').fill('Germany');
  await page.locator('#f-category').selectOption(p.category ?? 'international');
  await page.locator('#f-consent').check();
  await page.locator('form.form button[type=submit]').last().click();
}

export interface Booking {
  slot: string;
  party: number;
  email: string;
  name?: string;
  language?: 'en' | 'zh';
}

/** Fill the booking form as a visitor does; visitor rows beyond the party stay empty. */
export async function book(page: Page, locale: 'en' | 'zh', b: Booking) {
  await page.goto(`/${locale}/visits/book/?slot=${b.slot}`);
  // One radio per slot and guide language ("slot@en"): the language follows the slot.
  const offered = page.locator(`input[name=slot][value^="${b.slot}@"]`);
  await expect(offered.first()).toBeAttached();
  const radio = b.language ? page.locator(`input[name=slot][value="${b.slot}@${b.language}"]`) : offered.first();
  await radio.check();
  await page.locator('#f-partySize').selectOption(String(b.party));
  for (let i = 0; i < b.party; i++) {
    await page.locator(`#f-visitorName-${i}`).fill(`${b.name ?? 'Visitor'} ${i + 1}`);
    await page.locator(`#f-visitorOrganization-${i}`).fill('Example Institute');
    await page.locator(`#f-documentType-${i}`).selectOption('passport');
    await page.locator(`#f-documentNumber-${i}`).fill(`E${1000000 + counter++ * 10 + i}`);
  }
  await page.locator('#f-contactName').fill(b.name ?? 'Visitor Contact');
  await page.locator('#f-organization').fill('Example Institute');
  await page.locator('#f-email').fill(b.email);
  await page.locator('#f-consent').check();
  await page.locator('form.form button[type=submit]').last().click();
}

export interface OutboxEmail {
  to: string;
  subject: string;
  text: string;
  attachments: string[];
}

/** Every email the flows server's local mailer wrote to this address, newest first. */
export function emailsTo(address: string): OutboxEmail[] {
  const dir = join(e2eData, 'flows', 'outbox');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((folder) => !folder.startsWith('.')) // the mailer writes into a hidden staging folder first
    .sort()
    .reverse()
    .map((folder) => JSON.parse(readFileSync(join(dir, folder, 'message.json'), 'utf8')) as OutboxEmail)
    .filter((m) => m.to === address);
}

/** The newest email to address whose subject matches, once the relay has written it. */
export async function waitForEmail(address: string, subject: RegExp): Promise<OutboxEmail> {
  await expect.poll(() => emailsTo(address).some((m) => subject.test(m.subject)), { timeout: 15_000 }).toBe(true);
  return emailsTo(address).find((m) => subject.test(m.subject))!;
}

/** Subjects of the emails that ask to confirm a new registration or booking. */
export const confirmSubject = /Please confirm|请确认|請確認/;

/** The magic link in an email. */
export function linkIn(email: OutboxEmail): string {
  const link = /https?:\/\/\S+\/(en|zh-hant|zh)\/my\/access\/[A-Za-z0-9_-]{22}\//.exec(email.text)?.[0];
  expect(link, `a magic link in "${email.subject}"`).toBeTruthy();
  return link!;
}

/** Open a link from the mailbox and press Continue: the browser is signed in, on "my registration". */
export async function signInWithLink(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.locator('form button[type=submit]').last().click();
  await expect(page).toHaveURL(/\/(en|zh-hant|zh)\/my\/\?(confirmed|signedIn)=1$/);
}

/** The confirmation email to address, its link opened and Continue pressed. */
export async function confirmFromEmail(page: Page, address: string): Promise<void> {
  await signInWithLink(page, linkIn(await waitForEmail(address, confirmSubject)));
}
