/**
 * Fuzz family "endpoints": the language redirect /, /api/health, the Stripe webhook, the local
 * outbox /dev/outbox and the server islands /_server-islands/… (real, tampered and junk props).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { headerValueArb, hostileArb, markerArb, readMethodArb, writeMethodArb } from './arbitraries.ts';
import { percentEncode, type FormPair } from './encode.ts';
import { Family, send } from './harness.ts';
import { buildRequest, planArb, type Plan } from './plan.ts';

const family = new Family('endpoints', inject('fuzz'));
/** Server-island URLs as the static visits pages carry them. */
let islands: string[] = [];

beforeAll(async () => {
  for (const page of ['/en/visits/', '/zh/visits/']) {
    const html = (await send(family.base, { method: 'GET', path: page, headers: {} })).body.toString('utf8');
    islands.push(...[...html.matchAll(/(\/_server-islands\/[^"'\s]+)/g)].map((m) => m[1].replace(/&amp;/g, '&')));
  }
  islands = [...new Set(islands)];
  if (islands.length === 0) throw new Error('no server islands found on the visits pages');
});
afterAll(() => family.close());

const enc = (s: string) => percentEncode(s, '%20');

/** Flip, cut or replace one query parameter of a real island URL. */
function tamper(url: string, how: number, junk: string): string {
  const [path, query = ''] = url.split('?');
  const params = query.split('&');
  const i = how % Math.max(1, params.length);
  const [k, v = ''] = params[i].split('=');
  const variants = [
    `${k}=${v.slice(0, Math.floor(v.length / 2))}`,
    `${k}=${v.replace(/[A-Z]/, 'z')}`,
    `${k}=${enc(junk)}`,
    `${k}=`,
    `${k}=${v}${v}`,
    `${k}=${enc('{"slotId":"<fz3\\"\'>","locale":"en"}')}`,
  ];
  params[i] = variants[how % variants.length]!;
  return `${path}?${params.join('&')}`;
}

test('test_endpoints_and_server_islands_no_5xx_no_unescaped_reflection_no_state_change', { timeout: 600_000 }, async () => {
  const none = fc.constant<FormPair[]>([]);
  const root = planArb(fc.constantFrom('/', '/?lang=zh', '/index.html', '//', '/?%3Cfz4%22%27%3E'), none, {
    method: readMethodArb,
    note: 'root redirect',
  }).chain((p) => headerValueArb.map((al): Plan => ({ ...p, headers: { ...p.headers, 'accept-language': al } })));
  const health = planArb(
    fc.constantFrom('/api/health', '/api/health/', '/api/health?x=1', '/api/', '/api/nope', '/api/health/..%2fhealth'),
    none,
    {
      method: readMethodArb,
      note: 'health',
    },
  );
  const webhookBody = fc.oneof(
    fc.constant('{"id":"evt_1","type":"checkout.session.completed","data":{"object":{"id":"cs_1"}}}'),
    hostileArb,
    fc.json(),
  );
  const webhook = planArb(fc.constantFrom('/api/stripe/webhook', '/api/stripe/webhook/', '/api/stripe/'), none, {
    method: writeMethodArb,
    note: 'stripe webhook',
  }).chain((p) =>
    fc
      .tuple(
        webhookBody,
        fc.oneof(
          headerValueArb,
          fc.constant('t=1700000000,v1=00ff'),
          markerArb.map((m) => `t=1,v1=${m}`),
        ),
      )
      .map(([body, sig]): Plan => ({
        ...p,
        body: { kind: 'garbage', contentType: 'application/json', bytes: Buffer.from(body, 'utf8') },
        headers: { ...p.headers, 'stripe-signature': sig },
      })),
  );
  const outbox = planArb(
    fc.oneof(
      fc.constantFrom('/dev/outbox', '/dev/outbox/', '/dev/outbox?message=', '/dev/outbox?message=..', '/dev/outbox?message=../secret.key'),
      fc
        .constantFrom('..%2Fsecret.key', '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2fforum.db', '.', 'message.json', '%00')
        .map((m) => `/dev/outbox?message=${m}`),
      hostileArb.map((h) => `/dev/outbox?message=${enc(h)}`),
    ),
    none,
    { method: readMethodArb, note: 'dev outbox' },
  );
  const island = planArb(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...islands) },
      { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...islands), fc.nat(), hostileArb).map(([u, n, h]) => tamper(u, n, h)) },
      {
        weight: 2,
        arbitrary: fc.oneof(
          fc.constantFrom(
            '/_server-islands/SlotSeats',
            '/_server-islands/',
            '/_server-islands/Nope?e=&p=&s=',
            '/_server-islands/..%2f..%2fserver%2fentry.mjs',
          ),
          hostileArb.map((h) => `/_server-islands/${enc(h)}?e=${enc(h)}&p=&s=`),
        ),
      },
    ),
    fc.constant<FormPair[]>([]),
    { method: readMethodArb, note: 'server island' },
  );
  const islandPost = planArb(fc.constantFrom(...islands.map((u) => u.split('?')[0])), none, {
    method: writeMethodArb,
    note: 'server island (POST)',
  }).chain((p) =>
    fc
      .record({
        encryptedComponentExport: fc.oneof(hostileArb, fc.constant('')),
        encryptedProps: fc.oneof(hostileArb, fc.constant('')),
        encryptedSlots: fc.constant(''),
      })
      .map((payload): Plan => ({
        ...p,
        body: { kind: 'garbage', contentType: 'application/json', bytes: Buffer.from(JSON.stringify(payload), 'utf8') },
      })),
  );
  const plans = fc.oneof(
    { weight: 2, arbitrary: root },
    { weight: 1, arbitrary: health },
    { weight: 2, arbitrary: webhook },
    { weight: 2, arbitrary: outbox },
    { weight: 4, arbitrary: island },
    { weight: 1, arbitrary: islandPost },
  );
  await family.run(plans, 1500, (plan) => buildRequest(plan, family.base));
  expect(family.failures.length, `${family.failures.length} failure(s):\n${family.report()}`).toBe(0);
});
