/**
 * fast-check arbitraries for realistic-but-hostile HTTP requests: form fields that mix valid
 * values with empty, 10 KB, unicode, injection, SQL-ish, numeric and wrong-typed values, each
 * free-text string carrying a reflection marker; bodies as urlencoded, multipart, JSON or
 * garbage; methods, origins and cookies.
 */
import fc from 'fast-check';
import { wtf8, type FormPair } from './encode.ts';

/** `<fz…"'>`: must never come back unescaped (see harness.ts, MARKER_RE). */
export const markerArb = fc.integer({ min: 0, max: 36 ** 6 - 1 }).map((n) => `<fz${n.toString(36)}"'>`);

const injections = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</textarea></title></script><b>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '<!--',
  ']]>',
  '&lt;&amp;&#x3C;',
  '\\u003Cscript\\u003E',
  '%3Cscript%3E',
];
const sqlish = [
  "' OR '1'='1",
  "'; DROP TABLE person; --",
  '" OR ""="',
  '1) UNION SELECT token_hash FROM access_token --',
  "x'||(SELECT sqlite_version())||'",
  '%',
  '_',
  '\\',
];
const numbers = [
  '0',
  '-1',
  '-0',
  '1e308',
  '-1e308',
  '9007199254740993',
  '99999999999999999999999',
  'NaN',
  'Infinity',
  '0x10',
  '1.5',
  ' 2 ',
  '٣',
];
const unicodeChunks = [
  '北京市民服务热线接诉即办论坛',
  '東京都渋谷区',
  'مرحبا بالعالم',
  'שלום עולם',
  '\u202Eevil\u202C',
  '\u200F\u200E\u2066x\u2069',
  '👩‍👩‍👧‍👦🇨🇳🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301Z\u0336\u0336\u0336',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  '\uDBFF\uD800',
  '\uFEFF',
  '\uFFFE\uFFFF',
  '\r\n',
  '\t\v\f',
  '\u2028\u2029',
  '＜script＞',
  'İı ß ﬁ',
  '\u00A0\u3000',
];
const odd = ['../../../../etc/passwd', '%00', '%s%s%n', 'null', 'undefined', 'true', '[]', '{}', '__proto__', 'constructor'];

const charArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom(...unicodeChunks),
);

/** A hostile string that always carries a marker. */
export const hostileArb: fc.Arbitrary<string> = fc
  .tuple(
    markerArb,
    fc.oneof(
      { weight: 3, arbitrary: charArb },
      { weight: 2, arbitrary: fc.constantFrom(...injections) },
      { weight: 2, arbitrary: fc.constantFrom(...sqlish) },
      { weight: 1, arbitrary: fc.constantFrom(...numbers) },
      { weight: 1, arbitrary: fc.constantFrom(...odd) },
      { weight: 1, arbitrary: fc.constantFrom(...unicodeChunks) },
    ),
    fc.constantFrom('before', 'after', 'both', 'long'),
  )
  .map(([marker, chunk, where]) => {
    if (where === 'before') return `${marker}${chunk}`;
    if (where === 'after') return `${chunk}${marker}`;
    if (where === 'both') return `${marker}${chunk}${marker}`;
    return `${marker}${'Ä'.repeat(5120)}${chunk}${marker}`; // ≥ 10 KB as UTF-8
  });

/** Strings without a marker that still go wrong: empty, blank, numbers, very long. */
export const plainOddArb = fc.oneof(
  fc.constantFrom('', ' ', '  \t ', ...numbers, ...sqlish),
  fc.constant('x'.repeat(10_240)),
  fc.constant('長'.repeat(4000)),
);

export const badEmails = [
  'a@',
  '@example.org',
  'plainaddress',
  'a@b',
  'a..b@example.org',
  '"a b"@example.org',
  'a@example..org',
  `${'l'.repeat(300)}@example.org`,
  'user@[127.0.0.1]',
  'user@例え.テスト',
  'us\u0000er@example.org',
  ' UPPER@EXAMPLE.ORG ',
];
/** A fresh, valid email (a new person each time). */
export const freshEmailArb = fc.uuid().map((u) => `fz-${u.slice(0, 18)}@example.org`);
/** Emails that must be refused (or, for known ones, answered "already registered"). */
export const trickyEmailArb = (known: readonly string[] = []) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...badEmails) },
    { weight: 2, arbitrary: hostileArb.map((h) => `${h}@example.org`) },
    { weight: known.length > 0 ? 2 : 0, arbitrary: fc.constantFrom(...(known.length > 0 ? known : ['x@example.org'])) },
  );

/** Random ids of the shapes the site uses (sessions, slots, bookings, checkouts, tokens). */
export const randomIdArb = fc.oneof(
  fc.uuid(),
  fc.stringMatching(/^[A-Za-z0-9_-]{22}$/),
  fc.stringMatching(/^sim_cs_[0-9a-f]{32}$/),
  fc.stringMatching(/^(parallel|day|visit|main)-[0-9a-z-]{1,12}$/),
  fc.constantFrom('', '0', '-1', '1e9', 'null', '../secret.key', '%2e%2e', 'main-forum', 'visit-12345'),
  hostileArb,
);

export interface Bias {
  valid: number;
  hostile: number;
  /** absent, odd plain values, repeated, `name[]`, a file part */
  odd: number;
}
/** Anything goes: most requests are refused somewhere. */
export const RANDOM: Bias = { valid: 5, hostile: 3, odd: 1 };
/** Fields whose valid values matter most (ids, email, consent): mostly valid. */
export const MOSTLY: Bias = { valid: 8, hostile: 2, odd: 1 };
/** Nearly valid forms (a field or two off), so accepted requests and their later pages get fuzzed too. */
export const VALIDISH: Bias = { valid: 120, hostile: 2, odd: 1 };

/**
 * One form field: absent, valid, hostile (a marker), tricky (plausible but wrong: a bad email,
 * an impossible date), repeated, or a file where text is expected.
 */
export function fieldArb(
  name: string,
  valid: fc.Arbitrary<string>,
  bias: Bias = RANDOM,
  tricky?: fc.Arbitrary<string>,
): fc.Arbitrary<FormPair[]> {
  const text = (value: string): FormPair => ({ name, value });
  return fc.oneof(
    { weight: bias.odd, arbitrary: fc.constant<FormPair[]>([]) },
    { weight: bias.valid, arbitrary: valid.map((v) => [text(v)]) },
    { weight: bias.hostile, arbitrary: hostileArb.map((v) => [text(v)]) },
    { weight: tricky ? bias.hostile : 0, arbitrary: (tricky ?? valid).map((v) => [text(v)]) },
    { weight: bias.odd, arbitrary: plainOddArb.map((v) => [text(v)]) },
    { weight: bias.odd, arbitrary: fc.array(fc.oneof(valid, hostileArb), { minLength: 2, maxLength: 4 }).map((vs) => vs.map(text)) },
    { weight: bias.odd, arbitrary: fc.tuple(valid, hostileArb).map(([v, h]): FormPair[] => [text(v), { name: `${name}[]`, value: h }]) },
    { weight: bias.odd, arbitrary: hostileArb.map((v): FormPair[] => [{ name, value: v, filename: `${v}.txt` }]) },
  );
}

/** Fields no form has. */
export const unknownFieldsArb: fc.Arbitrary<FormPair[]> = fc.array(
  fc.record({
    name: fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'id', 'status', 'person_id', 'amount_cents', '_action', '_astroAction', 'role', 'admin'),
      hostileArb,
      fc.string({ maxLength: 10 }),
    ),
    value: fc.oneof(hostileArb, fc.constantFrom('1', 'confirmed', 'true', '0')),
  }),
  { maxLength: 3 },
);

/** A whole form: the listed fields in order, plus unknown ones. */
export function formArb(fields: fc.Arbitrary<FormPair[]>[]): fc.Arbitrary<FormPair[]> {
  return fc.tuple(fc.tuple(...fields), unknownFieldsArb).map(([parts, extra]) => [...parts.flat(), ...extra]);
}

/** How a form goes on the wire; encoded when the request is built (see plan.ts). */
export type BodySpec =
  | { kind: 'urlencoded' }
  | { kind: 'json' }
  | { kind: 'empty' }
  | { kind: 'multipart'; boundary: string }
  | { kind: 'garbage'; contentType: string | undefined; bytes: Buffer | 'truncated-multipart' };

/** Mostly the encodings browsers use, sometimes JSON, garbage or a lying Content-Type. */
export const bodySpecArb: fc.Arbitrary<BodySpec> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<BodySpec>({ kind: 'urlencoded' }) },
  {
    weight: 4,
    arbitrary: fc.stringMatching(/^[A-Za-z0-9'()+_,-./:=?]{1,60}$/).map((boundary): BodySpec => ({ kind: 'multipart', boundary })),
  },
  { weight: 1, arbitrary: fc.constant<BodySpec>({ kind: 'json' }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          undefined,
          '',
          'text/plain',
          'application/x-www-form-urlencoded; charset=utf-16',
          'multipart/form-data',
          'multipart/form-data; boundary=',
          'multipart/form-data; boundary=nope',
          'multipart/form-data; boundary=b',
          'application/json',
          'application/xml',
          'garbage/%%%; ;=;',
          'application/x-www-form-urlencoded',
        ),
        fc.oneof(
          fc.uint8Array({ maxLength: 256 }).map((a) => Buffer.from(a)),
          fc.constant<'truncated-multipart'>('truncated-multipart'),
          fc.constant(Buffer.from('--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx')),
          fc.constant(Buffer.from('--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n')),
          fc.constant(Buffer.from('{"name":')),
          fc.constant(Buffer.from('[1,2,{"__proto__":{"x":1}}]')),
          fc.constant(Buffer.from('a=%ZZ&b=%&c=%E0%A4%A&%F0%28%8C%28=1&%00=%00')),
          fc.constant(wtf8(`name=${'\uD800'}&x=${'a&'.repeat(2000)}`)),
        ),
      )
      .map(([contentType, bytes]): BodySpec => ({ kind: 'garbage', contentType, bytes })),
  },
  { weight: 1, arbitrary: fc.constant<BodySpec>({ kind: 'empty' }) },
);

export type OriginKind = 'same' | 'none' | 'null' | 'evil' | 'other-port' | 'https';
export const originKindArb: fc.Arbitrary<OriginKind> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<OriginKind>('same') },
  { weight: 1, arbitrary: fc.constantFrom<OriginKind>('none', 'null', 'evil', 'other-port', 'https') },
);
export function originHeader(kind: OriginKind, base: URL): string | undefined {
  const other = `http://127.0.0.1:${Number(base.port) === 4899 ? 4898 : Number(base.port) + 1}`;
  return {
    same: base.origin,
    none: undefined,
    null: 'null',
    evil: 'http://evil.example',
    'other-port': other,
    https: `https://${base.host}`,
  }[kind];
}

/** Methods: mostly what the route expects, then the rest. */
export const writeMethodArb = fc.oneof(
  { weight: 14, arbitrary: fc.constant('POST') },
  { weight: 3, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS') },
);
export const readMethodArb = fc.oneof(
  { weight: 14, arbitrary: fc.constant('GET') },
  { weight: 3, arbitrary: fc.constantFrom('HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH') },
);

/** Header values Node will send (no CR, LF or NUL): hostile but legal on the wire. */
export const headerValueArb = fc.oneof(
  markerArb,
  fc.string({ unit: fc.constantFrom(...'abcXYZ019 ;=,"\'<>/\\%&*-_.~!'.split('')), maxLength: 40 }),
  fc.constant('x'.repeat(4000)),
  fc.constant('\u00ff\u00e9\u00a0'),
);

/** Access-cookie values: a known good one, none, random, malformed, or several at once. */
export function cookieArb(cookieName: string, valid: readonly string[]): fc.Arbitrary<string | undefined> {
  const good = valid.length > 0 ? fc.constantFrom(...valid) : fc.constant('AAAAAAAAAAAAAAAAAAAAAA');
  return fc.oneof(
    { weight: valid.length > 0 ? 8 : 0, arbitrary: good.map((t) => `${cookieName}=${t}`) },
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{22}$/).map((t) => `${cookieName}=${t}`) },
    { weight: 1, arbitrary: headerValueArb.map((t) => `${cookieName}=${t}`) },
    { weight: 1, arbitrary: fc.tuple(good, headerValueArb).map(([t, h]) => `${cookieName}=${h}; ${cookieName}=${t}; other=${h}`) },
    { weight: 1, arbitrary: good.map((t) => `${cookieName}=${encodeURIComponent(`${t}\u0000`)}`) },
  );
}

export const localeArb = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('en', 'zh') },
  { weight: 1, arbitrary: fc.constantFrom('fr', 'EN', 'zh-CN', '%65n', '', '..', '%3Cfz0%22%27%3E', 'en%2f..') },
);

/** Plausible free text, sometimes carrying a marker (valid input that is stored and shown later). */
export const textArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('Ann Lee', '王小明', "Zoë O'Brien", 'محمد علي', 'Org & Co. <Ltd>', 'Ｆｕｌｌ　ｗｉｄｔｈ') },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('Ann', '李', 'Org'), markerArb).map(([a, m]) => `${a} ${m}`) },
);
export const phoneArb = fc.constantFrom('+86 10 1234 5678', '010 (555) 0100', '12345', '+1-202-555-0100');
export const trickyPhoneArb = fc.oneof(
  fc.constantFrom('+', '1234', 'phone', '++86', '１２３４５６', '(010) 555-0100'),
  fc.stringMatching(/^\+?\d[\d\s()-]{4,60}$/),
);
/** Valid visit dates around the event: arrival before departure. */
export const arrivalArb = fc.integer({ min: 10, max: 18 }).map((d) => `2027-12-${d}`);
export const departureArb = fc.integer({ min: 19, max: 28 }).map((d) => `2027-12-${d}`);
export const trickyDateArb = fc.oneof(
  fc.constantFrom('2025-02-30', '9999-99-99', '2027-13-01', '0000-00-00', '27-12-18', '2027-12-18T00:00', '2027-1-1', '１９９９-01-01'),
  fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
