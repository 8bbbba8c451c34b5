/** Fuzz family "visits": the visit-booking action (bookVisit) and its page. */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import {
  fieldArb,
  formArb,
  freshEmailArb,
  hostileArb,
  localeArb,
  MOSTLY,
  phoneArb,
  RANDOM,
  randomIdArb,
  readMethodArb,
  textArb,
  trickyEmailArb,
  trickyPhoneArb,
  unknownFieldsArb,
  VALIDISH,
  writeMethodArb,
  type Bias,
} from './arbitraries.ts';
import { percentEncode, type FormPair } from './encode.ts';
import { Family } from './harness.ts';
import { actionPathArb, buildRequest, personCookieArb, planArb, type Person } from './plan.ts';
import { readChoices, seedPool, type Choices } from './pool.ts';

const family = new Family('visits', inject('fuzz'));
let choices: Choices;
let pool: Person[];

beforeAll(async () => {
  choices = await readChoices(family.base);
  pool = await seedPool(family.base, choices);
});
afterAll(() => family.close());

/** One visitor row as a browser sends it (name, organization, document type and number). */
function visitorRowArb(documentTypes: string[], bias: Bias): fc.Arbitrary<FormPair[]> {
  return fc
    .tuple(
      fieldArb('visitorName', textArb, bias),
      fieldArb('visitorOrganization', textArb, bias),
      fieldArb('documentType', fc.constantFrom(...documentTypes), bias, fc.constantFrom('PASSPORT', 'driving-licence', '')),
      fieldArb(
        'documentNumber',
        fc.stringMatching(/^[A-Za-z0-9-]{4,30}$/),
        bias,
        fc.constantFrom('abc', 'E 123 456', 'E_1234', 'x'.repeat(31)),
      ),
    )
    .map((fields) => fields.flat());
}

test('test_visit_booking_no_5xx_no_unescaped_reflection_no_state_change_on_rejection', { timeout: 600_000 }, async () => {
  const known = pool.map((p) => p.email);
  // The party size and the number of visitor rows agree unless the bias says otherwise.
  const form = (bias: Bias) =>
    fc.integer({ min: 1, max: 5 }).chain((size) =>
      fc
        .tuple(
          formArb([
            fieldArb('locale', fc.constantFrom('en', 'zh'), bias),
            fieldArb('slot', fc.constantFrom(...choices.slots), bias, randomIdArb),
            fieldArb(
              'partySize',
              fc.constant(String(size)),
              bias,
              fc.constantFrom('0', '6', '2.5', '1e1', '-3', '99999999999', ` ${size} `),
            ),
            fieldArb('guideLanguage', fc.constantFrom('en', 'zh'), bias),
          ]),
          fc.array(visitorRowArb(choices.documentTypes, bias), {
            minLength: bias === VALIDISH ? size : 0,
            maxLength: bias === VALIDISH ? size : 7,
          }),
          formArb([
            fieldArb('contactName', textArb, bias),
            fieldArb('organization', textArb, bias),
            fieldArb('email', freshEmailArb, bias, trickyEmailArb(known)),
            fieldArb('phone', phoneArb, bias, trickyPhoneArb),
            fieldArb('accessibility', textArb, bias),
            fieldArb('consent', fc.constantFrom('on', 'true'), bias === VALIDISH ? bias : MOSTLY),
          ]),
          unknownFieldsArb,
        )
        .map(([head, rows, tail, extra]) => [...head, ...rows.flat(), ...tail, ...extra]),
    );
  const pages = ['/en/visits/book/', '/zh/visits/book/'];
  const post = planArb(
    actionPathArb(pages, 'bookVisit', ['register', 'changeBooking', 'cancelBooking']),
    fc.oneof(form(RANDOM), form(VALIDISH)),
    {
      method: writeMethodArb,
      cookie: personCookieArb,
      people: pool.length,
      note: 'bookVisit',
    },
  );
  // The page itself takes ?slot= (pre-selected radio) and the access cookie (pre-filled fields).
  const view = planArb(
    fc
      .tuple(
        localeArb,
        fc.oneof(
          fc.constantFrom(...choices.slots),
          hostileArb.map((h) => percentEncode(h, '%20')),
        ),
      )
      .map(([l, slot]) => `/${l}/visits/book/?slot=${slot}`),
    fc.constant<FormPair[]>([]),
    { method: readMethodArb, cookie: personCookieArb, people: pool.length, note: 'booking page' },
  );
  const plans = fc.oneof({ weight: 6, arbitrary: post }, { weight: 1, arbitrary: view });
  await family.run(
    plans,
    1600,
    (plan) => buildRequest(plan, family.base, pool),
    (_plan, req, res) => family.follow(req, res),
  );
  expect(family.failures.length, `${family.failures.length} failure(s):\n${family.report()}`).toBe(0);
});
