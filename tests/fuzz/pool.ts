/**
 * The choices the forms offer (read from the rendered forms) and seeded people: registered
 * through the real forms, holding an access cookie, a visit booking and, for paid tickets, a
 * simulated checkout. Seeding requests are ordinary accepted posts; they are not counted.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { accessToken, ACCESS_COOKIE, post, send } from './harness.ts';
import type { Person } from './plan.ts';
import type { FormPair } from './encode.ts';

export interface Choices {
  tickets: string[];
  /** every parallel session (and "none") offered in any time block */
  sessions: string[];
  /** a time block's field (`session.<blockId>`) → the values it offers */
  blocks: Record<string, string[]>;
  categories: string[];
  slots: string[];
  documentTypes: string[];
}

/** The error summary of a refused form (or the start of the page). */
const summary = (body: Buffer) => {
  const html = body.toString('utf8');
  const at = html.indexOf('id="error-summary"');
  return (at >= 0 ? html.slice(at, at + 1500) : html.slice(0, 300)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
};

/** The radio groups `session.<blockId>` of the registration form, with their values. */
function blockChoices(html: string): Record<string, string[]> {
  const blocks: Record<string, string[]> = {};
  for (const m of html.matchAll(/name="(session\.[a-z0-9-]+)"[^>]*value="([^"]*)"/g)) {
    const list = (blocks[m[1]] ??= []);
    if (!list.includes(m[2])) list.push(m[2]);
  }
  return blocks;
}

const values = (html: string, re: RegExp) => [...new Set([...html.matchAll(re)].map((m) => m[1]))].filter((v) => v !== '');

async function page(base: URL, path: string, cookie?: string): Promise<string> {
  const res = await send(base, { method: 'GET', path, headers: cookie ? { cookie } : {} });
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}`);
  return res.body.toString('utf8');
}

export async function readChoices(base: URL): Promise<Choices> {
  const register = await page(base, '/en/register/');
  const book = await page(base, '/en/visits/book/');
  const choices = {
    tickets: values(register, /name="ticket"[^>]*value="([^"]*)"/g),
    sessions: values(register, /name="session\.[^"]+"[^>]*value="([^"]*)"/g),
    blocks: blockChoices(register),
    categories: values(register.slice(register.indexOf('name="category"')), /<option value="([^"]*)"/g).filter(
      (v) => !['none', 'en', 'zh'].includes(v),
    ),
    slots: values(book, /name="slot"[^>]*value="([^"]*)"/g),
    documentTypes: values(book.slice(book.indexOf('name="documentType"')), /<option value="([^"]*)"/g),
  };
  for (const [k, v] of Object.entries(choices)) if (v.length === 0) throw new Error(`no ${k} found on the forms`);
  return choices;
}

export type Kind = 'free' | 'paid' | 'approval' | 'invited' | 'letter';

/** A valid registration form for one kind of ticket. */
export function registrationForm(choices: Choices, kind: Kind, email: string, n = 0): FormPair[] {
  const ticket = { free: 'general', paid: 'full-pass', approval: 'media', invited: 'invited-guest', letter: 'general' }[kind];
  const pairs: [string, string][] = [
    ['locale', 'en'],
    ['ticket', choices.tickets.includes(ticket) ? ticket : choices.tickets[0]],
    ...Object.entries(choices.blocks).map(([name, offered]): [string, string] => [name, offered[n % offered.length]]),
    ['name', 'Seed Person'],
    ['organization', 'Fuzz Org'],
    ['email', email],
    ['country', 'China'],
    ['category', kind === 'letter' ? 'international' : choices.categories[0]],
    ['consent', 'on'],
  ];
  if (kind === 'invited') pairs.push(['invitationCode', 'SAMPLE-INVITE-2024']);
  if (kind === 'letter') {
    pairs.push(['letter', 'on'], ['passportName', 'SEED PERSON'], ['passportNumber', 'E12345678'], ['nationality', 'France']);
    pairs.push(['arrival', '2027-12-18'], ['departure', '2027-12-22'], ['birthDate', '1980-05-01'], ['passportExpiry', '2032-01-01']);
  }
  return pairs.map(([name, value]) => ({ name, value }));
}

/** A valid booking form for a party of one. */
export function bookingForm(choices: Choices, email: string, slot = 0, guideLanguage = 'en'): FormPair[] {
  return (
    [
      ['locale', 'en'],
      ['slot', choices.slots[slot % choices.slots.length]],
      ['partySize', '1'],
      ['guideLanguage', guideLanguage],
      ['visitorName', 'Seed Visitor'],
      ['visitorOrganization', 'Fuzz Org'],
      ['documentType', choices.documentTypes[0]],
      ['documentNumber', 'E1234567'],
      ['contactName', 'Seed Visitor'],
      ['organization', 'Fuzz Org'],
      ['email', email],
      ['consent', 'on'],
    ] as const
  ).map(([name, value]) => ({ name, value }));
}

/** The newest magic link the local mailer wrote to this address (the relay may first work through the emails the earlier families caused). */
async function linkTokenFor(email: string): Promise<string> {
  const dir = join(inject('fuzz').dataDir, 'outbox');
  for (let waited = 0; waited < 180_000; waited += 250) {
    const folders = existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')) : [];
    for (const folder of folders.sort().reverse()) {
      const message = JSON.parse(readFileSync(join(dir, folder, 'message.json'), 'utf8')) as { to: string; text: string };
      const token = message.to === email ? /\/my\/access\/([A-Za-z0-9_-]{22})\//.exec(message.text)?.[1] : undefined;
      if (token) return token;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`seeding: no email with a link reached ${email}`);
}

/**
 * Register one person the way a person does: the form (which signs nobody in), then the
 * link from the email and its Continue button, which confirms the registration and starts
 * a session; a paid ticket then opens its simulated checkout. Fails loudly if the site refuses.
 */
export async function seedPerson(base: URL, choices: Choices, kind: Kind, n = 0, withBooking = true): Promise<Person> {
  const email = `seed-${kind}-${randomUUID().slice(0, 8)}@example.org`;
  const res = await post(base, '/en/register/?_action=register', registrationForm(choices, kind, email, n));
  if (res.status !== 303) throw new Error(`seeding ${kind}: ${res.status} ${summary(res.body)}`);
  const link = await linkTokenFor(email);
  const signIn = await post(base, `/en/my/access/${link}/?_action=signIn`, [
    { name: 'locale', value: 'en' },
    { name: 'token', value: link },
  ]);
  const token = accessToken(signIn);
  if (signIn.status !== 303 || !token) throw new Error(`seeding ${kind}, signing in: ${signIn.status} ${summary(signIn.body)}`);
  let checkout: string | undefined;
  if (kind === 'paid') {
    const pay = await post(base, '/en/my/?_action=pay', [{ name: 'locale', value: 'en' }], `${ACCESS_COOKIE}=${token}`);
    checkout = /\/pay\/simulated\/([^/]+)\//.exec(String(pay.headers.location ?? ''))?.[1];
  }
  const person: Person = { email, token, bookings: [], checkout };
  if (withBooking) await seedBooking(base, choices, person, n);
  return person;
}

/** Book a visit for a seeded person (their cookie: same identity) and record the booking id. */
export async function seedBooking(base: URL, choices: Choices, person: Person, slot = 0): Promise<void> {
  const cookie = `${ACCESS_COOKIE}=${person.token}`;
  let res = await post(base, '/en/visits/book/?_action=bookVisit', bookingForm(choices, person.email, slot), cookie);
  // A slot guided in Chinese only.
  if (res.status === 400)
    res = await post(base, '/en/visits/book/?_action=bookVisit', bookingForm(choices, person.email, slot, 'zh'), cookie);
  if (res.status !== 303) throw new Error(`seeding a booking: ${res.status} ${summary(res.body)}`);
  person.token = accessToken(res) ?? person.token;
  person.bookings = await bookingsOf(base, person);
}

/** Whether a simulated checkout still waits for payment. */
export async function checkoutOpen(base: URL, id: string): Promise<boolean> {
  const res = await send(base, { method: 'GET', path: `/en/pay/simulated/${id}/`, headers: {} });
  return res.status === 200 && res.body.includes('data-status="open"');
}

/** Live booking ids shown on the person's page. */
export async function bookingsOf(base: URL, person: Person): Promise<string[]> {
  const html = await page(base, '/en/my/', `${ACCESS_COOKIE}=${person.token}`);
  return values(html, /name="booking" value="([^"]*)"/g);
}

// No 'invited' person: the register family's random codes lock the ticket's codes for an hour (the wrong-code limit).
export const KINDS: readonly Kind[] = ['free', 'paid', 'approval', 'letter', 'free', 'paid'];

export async function seedPool(base: URL, choices: Choices): Promise<Person[]> {
  const pool: Person[] = [];
  for (const [i, kind] of KINDS.entries()) pool.push(await seedPerson(base, choices, kind, i));
  return pool;
}
