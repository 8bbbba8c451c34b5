/**
 * Fuzz family "static": the prerendered site (every file of .upcoming/dist/client) requested
 * with mutated paths and queries: traversal, odd and double encodings, overlong UTF-8, NUL,
 * very long paths, repeated slashes, backslashes, markers; mostly GET, some other methods.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, inject, test } from 'vitest';
import { hostileArb, markerArb } from './arbitraries.ts';
import { percentEncode, type FormPair } from './encode.ts';
import { Family } from './harness.ts';
import { buildRequest, planArb } from './plan.ts';

const family = new Family('static', inject('fuzz'));
afterAll(() => family.close());

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/** URL paths of the prerendered files (pages as their directory, with the trailing slash). */
function sitePaths(): string[] {
  const client = join(process.cwd(), '.upcoming/dist/client');
  // Non-ASCII file names (CJK keywords) as a browser sends them: UTF-8, percent-encoded.
  const all = files(client).map(
    (f) =>
      `/${relative(client, f)
        .split(sep)
        .map((s) => encodeURIComponent(s))
        .join('/')}`,
  );
  const pages = all.filter((p) => p.endsWith('/index.html')).map((p) => p.slice(0, -'index.html'.length));
  // A sample of assets (there are many pagefind chunks).
  const assets = all.filter((p) => !p.endsWith('.html')).filter((_, i) => i % 5 === 0);
  return [...pages, ...assets, '/404.html', '/robots.txt'];
}

const enc = (s: string) => percentEncode(s, '%20');

const traversal = [
  '../../../../etc/passwd',
  '..%2f..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '..%252f..%252fetc%252fpasswd',
  '%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
  '..\\..\\..\\server.mjs',
  '../server/entry.mjs',
  '..%2fserver%2fentry.mjs',
  '../../package.json',
  '%2e%2e%2f%2e%2e%2f.git%2fconfig',
  '....//....//etc/passwd',
  '.%00./secret.key',
];
const oddSegments = [
  '%',
  '%Z',
  '%zz',
  '%00',
  '%0d%0aSet-Cookie:%20x=1',
  '%ff%fe',
  '%e4%b8',
  ';jsessionid=1',
  '..;/',
  '~',
  '.',
  '%2F',
  '%5C',
  '\u00ff\u00e9',
];

test('test_prerendered_pages_and_assets_no_5xx_no_unescaped_reflection_no_state_change_no_file_leak', { timeout: 600_000 }, async () => {
  const paths = sitePaths();
  const known = fc.constantFrom(...paths);
  const mutated = fc.oneof(
    { weight: 4, arbitrary: known },
    { weight: 3, arbitrary: fc.tuple(known, fc.constantFrom(...traversal)).map(([p, t]) => `${p}${t}`) },
    { weight: 2, arbitrary: fc.tuple(known, fc.constantFrom(...oddSegments)).map(([p, s]) => `${p}${s}`) },
    { weight: 2, arbitrary: fc.tuple(known, hostileArb).map(([p, h]) => `${p}${enc(h)}`) },
    {
      weight: 1,
      arbitrary: fc.tuple(known, fc.integer({ min: 1000, max: 14_000 })).map(([p, n]) => `${p}${'a/'.repeat(Math.floor(n / 2))}`),
    },
    { weight: 1, arbitrary: known.map((p) => p.replace(/\//g, '//')) },
    { weight: 1, arbitrary: known.map((p) => p.replace(/\//g, '%2F')) },
    { weight: 1, arbitrary: known.map((p) => p.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)) },
    { weight: 1, arbitrary: known.map((p) => p.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom(...traversal).map((t) => `/${t}`) },
  );
  const query = fc.oneof(
    { weight: 4, arbitrary: fc.constant('') },
    { weight: 2, arbitrary: hostileArb.map((h) => `?q=${enc(h)}`) },
    { weight: 1, arbitrary: markerArb.map((m) => `?${enc(m)}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('?_action=register', '?_astroAction=x', '?page=1&page=2', `?${'a=1&'.repeat(2000)}`, '?%', '#frag'),
    },
  );
  const method = fc.oneof(
    { weight: 16, arbitrary: fc.constant('GET') },
    { weight: 3, arbitrary: fc.constantFrom('HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'TRACK', 'PROPFIND') },
  );
  const plans = planArb(
    fc.tuple(mutated, query).map(([p, q]) => `${p}${q}`),
    fc.constant<FormPair[]>([]),
    { method, note: 'static' },
  );
  await family.run(plans, 2400, (plan) => buildRequest({ ...plan, body: plan.method === 'GET' ? undefined : plan.body }, family.base));
  expect(family.failures.length, `${family.failures.length} failure(s):\n${family.report()}`).toBe(0);
});
