/**
 * Fuzz family "payments": the simulated checkout page /{en,zh}/pay/simulated/<id>/ and its
 * simulatedPay action, with real open checkouts of seeded people, other people's, and junk.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { fieldArb, formArb, hostileArb, localeArb, randomIdArb, readMethodArb, writeMethodArb, MOSTLY } from './arbitraries.ts';
import { percentEncode, type FormPair } from './encode.ts';
import { Family, verdictOf } from './harness.ts';
import { buildRequest, personCookieArb, planArb, REF, type Person } from './plan.ts';
import { checkoutOpen, readChoices, seedPerson, type Choices } from './pool.ts';

const family = new Family('payments', inject('fuzz'));
let choices: Choices;
const pool: Person[] = [];
const PEOPLE = 4;

beforeAll(async () => {
  choices = await readChoices(family.base);
  for (let i = 0; i < PEOPLE; i++) pool.push(await seedPerson(family.base, choices, 'paid', i, false));
});
afterAll(() => family.close());

test('test_simulated_checkout_no_5xx_no_unescaped_reflection_no_state_change_on_rejection', { timeout: 1_200_000 }, async () => {
  const idInPath = fc.oneof(
    { weight: 6, arbitrary: fc.constant(REF.checkout) },
    { weight: 1, arbitrary: fc.constant(REF.otherCheckout) },
    { weight: 3, arbitrary: randomIdArb.map((id) => percentEncode(id, '%20')) },
    { weight: 1, arbitrary: fc.constantFrom('..', '%2e%2e', '..%2f..%2fsecret.key', 'x'.repeat(3000), '%00', '%ZZ') },
  );
  const page = fc.tuple(localeArb, idInPath).map(([l, id]) => `/${l}/pay/simulated/${id}/`);
  const form = formArb([
    fieldArb('locale', fc.constantFrom('en', 'zh')),
    fieldArb(
      'checkout',
      fc.oneof(
        { weight: 6, arbitrary: fc.constant(REF.checkout) },
        { weight: 1, arbitrary: fc.constant(REF.otherCheckout) },
        { weight: 2, arbitrary: randomIdArb },
      ),
      MOSTLY,
    ),
  ]);
  const action = fc.oneof(
    { weight: 8, arbitrary: page.map((p) => `${p}?_action=simulatedPay`) },
    { weight: 2, arbitrary: fc.constant('/_actions/simulatedPay') },
    { weight: 1, arbitrary: fc.tuple(page, hostileArb).map(([p, h]) => `${p}?_action=${percentEncode(h, '%20')}`) },
  );
  const pay = planArb(action, form, { method: writeMethodArb, cookie: personCookieArb, people: PEOPLE, note: 'simulatedPay' });
  const view = planArb(page, fc.constant<FormPair[]>([]), {
    method: readMethodArb,
    cookie: personCookieArb,
    people: PEOPLE,
    note: 'checkout page',
  });
  await family.run(
    fc.oneof({ weight: 3, arbitrary: pay }, { weight: 1, arbitrary: view }),
    300,
    (plan) => buildRequest(plan, family.base, pool),
    async (_plan, req, res) => {
      await family.follow(req, res);
      // A paid checkout is spent: whoever it was, they get a new unpaid registration.
      if (res && verdictOf(req, res) === 'accepted' && String(res.headers.location ?? '').includes('paid=1')) {
        for (const [i, p] of pool.entries()) {
          if (!p.checkout || !(await checkoutOpen(family.base, p.checkout)))
            pool[i] = await seedPerson(family.base, choices, 'paid', i, false);
        }
      }
    },
  );
  expect(family.failures.length, `${family.failures.length} failure(s):\n${family.report()}`).toBe(0);
});
