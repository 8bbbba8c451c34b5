/**
 * A generated request before it is sent: form fields, headers and path may hold references
 * (REF.*) to the seeded people, their bookings and checkouts, resolved against the pool when
 * the request is sent, so accepted requests (a cancellation) can be followed by fresh seeds.
 */
import fc from 'fast-check';
import type { BodySpec, OriginKind } from './arbitraries.ts';
import { bodySpecArb, cookieArb, originHeader, originKindArb } from './arbitraries.ts';
import { encodeForm, encodeJson, encodeMultipart, type FormPair } from './encode.ts';
import { ACCESS_COOKIE, type FuzzRequest } from './harness.ts';

/** References inside generated values (a leading U+0001 cannot come from the other arbitraries' constants). */
export const REF = {
  token: '\u0001token',
  otherToken: '\u0001other-token',
  booking: '\u0001booking',
  otherBooking: '\u0001other-booking',
  checkout: '\u0001checkout',
  otherCheckout: '\u0001other-checkout',
  email: '\u0001email',
} as const;

const REF_RE = new RegExp(
  Object.values(REF)
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'g',
);

export interface Person {
  email: string;
  token: string;
  bookings: string[];
  checkout?: string | undefined;
}

export interface Plan {
  method: string;
  path: string;
  origin: OriginKind;
  /** Cookie header, may contain REF.token / REF.otherToken */
  cookie?: string | undefined;
  headers?: Record<string, string>;
  form?: FormPair[] | undefined;
  body?: BodySpec | undefined;
  /** which seeded person REF.* refer to */
  person: number;
  note: string;
}

function resolver(pool: readonly Person[], index: number) {
  const me = pool[index % Math.max(1, pool.length)];
  const other = pool[(index + 1) % Math.max(1, pool.length)];
  const values: Record<string, string> = {
    [REF.token]: me?.token ?? '',
    [REF.otherToken]: other?.token ?? '',
    [REF.booking]: me?.bookings[0] ?? '',
    [REF.otherBooking]: other?.bookings[0] ?? '',
    [REF.checkout]: me?.checkout ?? '',
    [REF.otherCheckout]: other?.checkout ?? '',
    [REF.email]: me?.email ?? '',
  };
  return (text: string) => text.replace(REF_RE, (ref) => values[ref] ?? ref);
}

/** The request a plan stands for, with the pool as it is now. */
export function buildRequest(plan: Plan, base: URL, pool: readonly Person[] = []): FuzzRequest {
  const resolve = resolver(pool, plan.person);
  const headers: Record<string, string> = {};
  const origin = originHeader(plan.origin, base);
  if (origin !== undefined) headers.origin = origin;
  if (plan.cookie !== undefined) headers.cookie = resolve(plan.cookie);
  for (const [k, v] of Object.entries(plan.headers ?? {})) headers[k] = resolve(v);
  const form = (plan.form ?? []).map((p) => ({ ...p, name: resolve(p.name), value: resolve(p.value) }));
  let body: Buffer | undefined;
  const spec = plan.body;
  if (spec && plan.method !== 'HEAD') {
    if (spec.kind === 'urlencoded') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = encodeForm(form);
    } else if (spec.kind === 'multipart') {
      headers['content-type'] = `multipart/form-data; boundary=${/['()+,/:=?]/.test(spec.boundary) ? `"${spec.boundary}"` : spec.boundary}`;
      body = encodeMultipart(form, spec.boundary);
    } else if (spec.kind === 'json') {
      headers['content-type'] = 'application/json';
      body = encodeJson(form);
    } else if (spec.kind === 'empty') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = Buffer.alloc(0);
    } else {
      if (spec.contentType !== undefined) headers['content-type'] = spec.contentType;
      body = spec.bytes === 'truncated-multipart' ? encodeMultipart(form, 'b').subarray(0, 60) : spec.bytes;
    }
  }
  return { method: plan.method, path: resolve(plan.path), headers, body, note: plan.note };
}

/** A form action reached the ways a client can: the page's ?_action=, /_actions/<name>, or wrongly. */
export function actionPathArb(pages: readonly string[], action: string, otherActions: readonly string[]): fc.Arbitrary<string> {
  const page = fc.constantFrom(...pages);
  return fc.oneof(
    { weight: 10, arbitrary: page.map((p) => `${p}?_action=${action}`) },
    { weight: 3, arbitrary: fc.constant(`/_actions/${action}`) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constant(`/_actions/${action}/`),
        fc.constantFrom(...otherActions).map((o) => `/_actions/${o}`),
        page.map((p) => `${p}?_action=${action}&_action=${otherActions[0] ?? 'x'}`),
        page.map((p) => `${p}?_action=${encodeURIComponent(`${action}<fz0"'>`)}`),
        page.map((p) => `${p}?_action=`),
        fc.constantFrom('/en/program/', '/zh/', '/en/my/', '/en/register/', '/en/visits/book/').map((p) => `${p}?_action=${action}`),
        fc.constantFrom(
          `/_actions/${action}?_action=${action}`,
          '/_actions/',
          '/_actions/..%2fregister',
          '/_actions/%3Cfz1%22%27%3E',
          '/_actions/constructor',
        ),
      ),
    },
  );
}

/** Everything but the form: method, path, origin, cookie, body encoding, extra headers. */
export function planArb(
  path: fc.Arbitrary<string>,
  form: fc.Arbitrary<FormPair[]>,
  opts: { method: fc.Arbitrary<string>; cookie?: fc.Arbitrary<string | undefined>; people?: number; note: string },
): fc.Arbitrary<Plan> {
  return fc
    .record({
      method: opts.method,
      path,
      origin: originKindArb,
      cookie: opts.cookie ?? cookieArb(ACCESS_COOKIE, []),
      form,
      body: bodySpecArb,
      person: fc.nat({ max: Math.max(0, (opts.people ?? 1) - 1) }),
      accept: fc.constantFrom(undefined, 'text/html', 'application/json', '*/*'),
      lang: fc.constantFrom(undefined, 'zh-CN,zh;q=0.9', 'en', '*;q=0.1', `x-${'a'.repeat(300)}`),
    })
    .map(({ accept, lang, ...p }) => ({
      ...p,
      headers: { ...(accept ? { accept } : {}), ...(lang ? { 'accept-language': lang } : {}) },
      note: opts.note,
    }));
}

/** Cookies for requests on behalf of seeded people (mostly theirs, sometimes someone else's or junk). */
export const personCookieArb = fc.oneof(
  { weight: 10, arbitrary: fc.constant<string | undefined>(`${ACCESS_COOKIE}=${REF.token}`) },
  { weight: 1, arbitrary: fc.constant<string | undefined>(`${ACCESS_COOKIE}=${REF.otherToken}`) },
  { weight: 4, arbitrary: cookieArb(ACCESS_COOKIE, []) },
  { weight: 1, arbitrary: fc.constant<string | undefined>(`${ACCESS_COOKIE}=${REF.otherToken}; ${ACCESS_COOKIE}=${REF.token}`) },
);
