/** Fuzz family "register": the registration action, through its page and /_actions/register. */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import {
  arrivalArb,
  departureArb,
  fieldArb,
  formArb,
  freshEmailArb,
  localeArb,
  MOSTLY,
  phoneArb,
  RANDOM,
  randomIdArb,
  textArb,
  trickyDateArb,
  trickyEmailArb,
  trickyPhoneArb,
  VALIDISH,
  writeMethodArb,
  type Bias,
} from './arbitraries.ts';
import { Family } from './harness.ts';
import { actionPathArb, buildRequest, personCookieArb, planArb, type Person } from './plan.ts';
import { readChoices, seedPool, type Choices } from './pool.ts';

const family = new Family('register', inject('fuzz'));
let choices: Choices;
let pool: Person[];

beforeAll(async () => {
  choices = await readChoices(family.base);
  pool = await seedPool(family.base, choices);
});
afterAll(() => family.close());

test('test_registration_no_5xx_no_unescaped_reflection_no_state_change_on_rejection', { timeout: 600_000 }, async () => {
  const known = pool.map((p) => p.email);
  const form = (bias: Bias) =>
    formArb([
      fieldArb('locale', fc.constantFrom('en', 'zh'), bias),
      fieldArb('ticket', fc.constantFrom(...choices.tickets), bias, randomIdArb),
      ...Object.entries(choices.blocks).map(([name, offered]) => fieldArb(name, fc.constantFrom(...offered), bias, randomIdArb)),
      fieldArb('name', textArb, bias),
      fieldArb('organization', textArb, bias),
      fieldArb('jobTitle', textArb, bias),
      fieldArb('email', freshEmailArb, bias, trickyEmailArb(known)),
      fieldArb('phone', phoneArb, bias, trickyPhoneArb),
      fieldArb('country', textArb, bias),
      fieldArb('category', fc.constantFrom(...choices.categories), bias, randomIdArb),
      fieldArb('interpretation', fc.constantFrom('none', 'en', 'zh'), bias),
      fieldArb('dietary', textArb, bias),
      fieldArb('accessibility', textArb, bias),
      fieldArb(
        'invitationCode',
        fc.constantFrom('SAMPLE-INVITE-2024', 'sample-invite-2024', ' SAMPLE-INVITE-2024 '),
        bias,
        fc.constantFrom('WRONG-CODE', 'SAMPLE-INVITE-2023'),
      ),
      fieldArb('letter', fc.constantFrom('on', 'off', 'off', '0'), bias, fc.constantFrom('ON', 'yes')),
      fieldArb('passportName', textArb, bias),
      fieldArb(
        'passportNumber',
        fc.stringMatching(/^[A-Za-z0-9]{5,20}$/),
        bias,
        fc.constantFrom('E1234', 'E 12345', '１２３４５', 'E-12345'),
      ),
      fieldArb('nationality', textArb, bias),
      fieldArb('arrival', arrivalArb, bias, trickyDateArb),
      fieldArb('departure', departureArb, bias, trickyDateArb),
      fieldArb('birthDate', fc.constantFrom('1980-05-01', '2001-12-31'), bias, trickyDateArb),
      fieldArb('passportExpiry', fc.constantFrom('2032-01-01', '2040-06-30'), bias, trickyDateArb),
      fieldArb('invoiceTitle', textArb, bias),
      fieldArb('taxNumber', fc.stringMatching(/^[0-9A-Z]{15,20}$/), bias, fc.constantFrom('123', 'ABC-123456789012345', '９１１１')),
      fieldArb('question-heard-from', fc.constantFrom('news', 'colleague', 'other'), bias, fc.constantFrom('tv', '')),
      fieldArb('consent', fc.constantFrom('on', 'true'), bias.valid > RANDOM.valid ? bias : MOSTLY),
    ]);
  const pages = ['/en/register/', '/zh/register/'];
  const path = fc.oneof(
    { weight: 12, arbitrary: actionPathArb(pages, 'register', ['resendLink', 'bookVisit', 'cancel']) },
    { weight: 1, arbitrary: localeArb.map((l) => `/${l}/register/?_action=register`) },
  );
  const plans = planArb(path, fc.oneof(form(RANDOM), form(VALIDISH)), {
    method: writeMethodArb,
    cookie: personCookieArb,
    people: pool.length,
    note: 'register',
  });
  await family.run(
    plans,
    2200,
    (plan) => buildRequest(plan, family.base, pool),
    (_plan, req, res) => family.follow(req, res),
  );
  expect(family.failures.length, `${family.failures.length} failure(s):\n${family.report()}`).toBe(0);
});
