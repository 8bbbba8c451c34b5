/**
 * Fuzz family "my": the actions of "My registration" (resendLink, changeSession, cancel, pay,
 * changeBooking, cancelBooking) on behalf of seeded people, with their cookie, someone else's,
 * or none. Accepted cancellations are followed by fresh seeds so the run keeps live targets.
 * Extra property: a booking is never changed or cancelled with another person's cookie.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { fieldArb, formArb, freshEmailArb, MOSTLY, randomIdArb, textArb, trickyEmailArb, writeMethodArb } from './arbitraries.ts';
import type { FormPair } from './encode.ts';
import { Family, verdictOf } from './harness.ts';
import { actionPathArb, buildRequest, personCookieArb, planArb, REF, type Person, type Plan } from './plan.ts';
import { bookingsOf, KINDS, readChoices, seedBooking, seedPerson, seedPool, type Choices } from './pool.ts';

const family = new Family('my', inject('fuzz'));
let choices: Choices;
let pool: Person[];

beforeAll(async () => {
  choices = await readChoices(family.base);
  pool = await seedPool(family.base, choices);
});
afterAll(() => family.close());

const ACTIONS = ['resendLink', 'changeSession', 'cancel', 'pay', 'changeBooking', 'cancelBooking'] as const;
type Action = (typeof ACTIONS)[number];

function formFor(action: Action): fc.Arbitrary<FormPair[]> {
  const locale = fieldArb('locale', fc.constantFrom('en', 'zh'));
  const booking = fieldArb(
    'booking',
    fc.oneof(
      { weight: 8, arbitrary: fc.constant(REF.booking) },
      { weight: 2, arbitrary: fc.constant(REF.otherBooking) },
      { weight: 2, arbitrary: randomIdArb },
    ),
    MOSTLY,
  );
  switch (action) {
    case 'resendLink':
      return formArb([locale, fieldArb('email', fc.oneof(fc.constant(REF.email), freshEmailArb), MOSTLY, trickyEmailArb())]);
    case 'changeSession':
      return formArb([
        locale,
        fieldArb(
          'block',
          fc.oneof(fc.constantFrom(...Object.keys(choices.blocks).map((f) => f.slice('session.'.length))), randomIdArb),
          MOSTLY,
        ),
        ...Object.keys(choices.blocks).map((name) => fieldArb(name, fc.oneof(fc.constantFrom(...choices.sessions), randomIdArb), MOSTLY)),
      ]);
    case 'cancel':
      return formArb([locale, fieldArb('confirm', fc.constantFrom('on', 'yes', 'ON'), MOSTLY)]);
    case 'pay':
      return formArb([locale]);
    case 'changeBooking':
      return formArb([
        locale,
        booking,
        fieldArb('partySize', fc.oneof(fc.integer({ min: 1, max: 5 }).map(String), fc.constantFrom('0', '6', '-1', '1.5', '1e3'))),
        fieldArb('slot', fc.constantFrom(...choices.slots, '')),
        fieldArb('addVisitorName', textArb),
        fieldArb('addVisitorOrganization', textArb),
        fieldArb('addDocumentType', fc.constantFrom(...choices.documentTypes)),
        fieldArb('addDocumentNumber', fc.stringMatching(/^[A-Za-z0-9-]{4,30}$/)),
      ]);
    case 'cancelBooking':
      return formArb([locale, booking, fieldArb('confirm', fc.constantFrom('on', 'yes', 'ON'), MOSTLY)]);
  }
}

const pages = ['/en/my/', '/zh/my/'];
const planFor = (action: Action, weight: number) => ({
  weight,
  arbitrary: planArb(
    actionPathArb(
      pages,
      action,
      ACTIONS.filter((a) => a !== action),
    ),
    formFor(action),
    { method: writeMethodArb, cookie: personCookieArb, people: KINDS.length, note: action },
  ),
});

/**
 * The action a request reaches: the one its path names (`/_actions/<name>`, sometimes another
 * than the plan's: pay or cancel with a booking form act for the cookie's owner on their own
 * registration, whatever booking the form names), else the plan's own (`?_action=` on a page).
 */
function reachedAction(plan: Plan): string {
  return /^\/_actions\/([^/?]+)/.exec(plan.path)?.[1] ?? plan.note;
}

/** Acting on a booking with a cookie that is not its owner's (and only that one). */
function crossPerson(plan: Plan): boolean {
  const cookie = plan.cookie ?? '';
  const mine = cookie.includes(REF.token);
  const theirs = cookie.includes(REF.otherToken);
  if (mine === theirs) return false;
  const values = (plan.form ?? []).filter((p) => p.name === 'booking').map((p) => p.value);
  if (values.length !== 1) return false;
  return (mine && values[0] === REF.otherBooking) || (theirs && values[0] === REF.booking);
}

test('test_my_registration_actions_no_5xx_no_unescaped_reflection_no_state_change_on_rejection', { timeout: 1_200_000 }, async () => {
  const plans = fc.oneof(
    planFor('resendLink', 3),
    planFor('changeSession', 4),
    planFor('cancel', 2),
    planFor('pay', 3),
    planFor('changeBooking', 5),
    planFor('cancelBooking', 2),
  );
  await family.run(
    plans,
    2200,
    (plan) => buildRequest(plan, family.base, pool),
    async (plan, req, res) => {
      if (!res) return;
      await family.follow(req, res);
      const location = String(res.headers.location ?? '');
      const i = plan.person % pool.length;
      const acted = verdictOf(req, res) === 'accepted';
      const action = reachedAction(plan);
      if (acted && /^(changeBooking|cancelBooking)$/.test(action) && crossPerson(plan)) {
        family.record('authz', `${action} accepted with another person's cookie`, req, res);
      }
      if (!acted) return;
      // Keep live targets: a cancelled registration or booking is replaced by a fresh one.
      if (location.includes('cancelled=1')) pool[i] = await seedPerson(family.base, choices, KINDS[i], i);
      else if (/bookingCancelled=1|bookingChanged=1/.test(location)) {
        for (const p of pool) p.bookings = await bookingsOf(family.base, p);
        for (const p of pool) if (p.bookings.length === 0) await seedBooking(family.base, choices, p, i);
      }
      const checkout = /\/pay\/simulated\/([^/]+)\//.exec(location)?.[1];
      if (checkout) pool[i].checkout = checkout;
    },
  );
  expect(family.failures.length, `${family.failures.length} failure(s):\n${family.report()}`).toBe(0);
});
