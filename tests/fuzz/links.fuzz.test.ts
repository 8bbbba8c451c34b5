/**
 * Fuzz family "links": magic links /{en,zh}/my/access/<token>/, the attendee's documents
 * /{en,zh}/my/<document> and the "My registration" page itself with its notice parameters.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { hostileArb, localeArb, randomIdArb, readMethodArb } from './arbitraries.ts';
import { percentEncode, type FormPair } from './encode.ts';
import { Family } from './harness.ts';
import { buildRequest, personCookieArb, planArb, REF, type Person } from './plan.ts';
import { KINDS, readChoices, seedPool } from './pool.ts';

const family = new Family('links', inject('fuzz'));
let pool: Person[];

beforeAll(async () => {
  pool = await seedPool(family.base, await readChoices(family.base));
});
afterAll(() => family.close());

const enc = (s: string) => percentEncode(s, '%20');

test('test_magic_links_documents_my_page_no_5xx_no_unescaped_reflection_no_state_change', { timeout: 600_000 }, async () => {
  const token = fc.oneof(
    { weight: 5, arbitrary: fc.constant(REF.token) },
    { weight: 3, arbitrary: randomIdArb.map(enc) },
    { weight: 1, arbitrary: fc.constantFrom('', '..', '%2e%2e%2f', `${REF.token}%00`, `${REF.token}x`, 'A'.repeat(5000), '%C0%AE%C0%AE') },
  );
  const access = fc
    .tuple(localeArb, token, fc.constantFrom('/', '', '/x/', '?next=//evil.example'))
    .map(([l, t, tail]) => `/${l}/my/access/${t}${tail}`);
  const document = fc
    .tuple(
      localeArb,
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('ticket.png', 'agenda.ics', 'letter.pdf', 'ticket.pdf') },
        {
          weight: 2,
          arbitrary: fc.constantFrom('ticket.PDF', 'ticket.pdf/', 'ticket.pdf%00.png', '..%2fsecret.key', '%2e%2e', 'index', 'access'),
        },
        { weight: 1, arbitrary: hostileArb.map(enc) },
      ),
      fc.constantFrom('', '?download=1', `?x=${enc('<fz1"\'>')}`),
    )
    .map(([l, d, q]) => `/${l}/my/${d}${q}`);
  const my = fc
    .tuple(
      localeArb,
      fc.array(
        fc.oneof(
          fc.constantFrom(
            'welcome=1',
            'paid=1',
            'changed=1',
            'cancelled=1',
            'sent=1',
            'booked=1',
            'bookingChanged=1',
            'bookingCancelled=1',
          ),
          fc.constantFrom('payment=retry', 'link=invalid', 'payment=<x>', 'link=%3Cfz2%22%27%3E'),
          hostileArb.map((h) => `${enc(h)}=${enc(h)}`),
        ),
        { maxLength: 4 },
      ),
    )
    .map(([l, q]) => `/${l}/my/${q.length > 0 ? `?${q.join('&')}` : ''}`);
  // PDFs are slow to render: fewer of those.
  const path = fc.oneof({ weight: 4, arbitrary: access }, { weight: 3, arbitrary: document }, { weight: 3, arbitrary: my });
  const plans = planArb(path, fc.constant<FormPair[]>([]), {
    method: readMethodArb,
    cookie: personCookieArb,
    people: KINDS.length,
    note: 'links',
  });
  await family.run(plans, 1300, (plan) =>
    buildRequest({ ...plan, body: plan.method === 'GET' ? undefined : plan.body }, family.base, pool),
  );
  expect(family.failures.length, `${family.failures.length} failure(s):\n${family.report()}`).toBe(0);
});
