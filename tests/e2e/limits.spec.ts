/**
 * Rate limits at the HTTP level, on the flows server. It trusts 127.0.0.1 as its reverse proxy
 * (TRUSTED_PROXIES in playwright.config.ts), so each test sends its own X-Forwarded-For: a client
 * of its own, as visitors behind the proxy are, with buckets no other test shares.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';

let counter = 0;
const run = `${process.pid}-${Date.now()}`;
/** A fresh client address (TEST-NET-3) and email address per call. */
const newClient = () => `203.0.113.${(Date.now() + counter++) % 250}`;
const uniqueEmail = (tag: string) => `${tag}-${run}-${counter++}@example.org`;

function post(request: APIRequestContext, baseURL: string, path: string, client: string, form: Record<string, string>) {
  return request.post(path, { headers: { Origin: baseURL, 'X-Forwarded-For': client }, form, maxRedirects: 0 });
}

/** Retry-After in whole seconds, within the 10-minute or hourly window that refused the request. */
function expectRetryAfter(value: string | undefined, windowSeconds: number) {
  expect(value).toMatch(/^\d+$/);
  expect(Number(value)).toBeGreaterThan(0);
  expect(Number(value)).toBeLessThanOrEqual(windowSeconds);
}

test('test_invalid_resend_link_forms_count_toward_the_client_limit_the_page_answers_429_with_retry_after_in_both_languages', async ({
  request,
  baseURL,
}) => {
  const client = `198.51.100.${(Date.now() + counter++) % 250}`;
  for (let i = 0; i < 10; i++) {
    const invalid = await post(request, baseURL!, '/en/my/?_action=resendLink', client, { locale: 'en', email: 'not-an-address' });
    expect(invalid.status(), `form ${i + 1}`).toBe(400);
  }
  const limited = await post(request, baseURL!, '/en/my/?_action=resendLink', client, { locale: 'en', email: uniqueEmail('r') });
  expect(limited.status()).toBe(429);
  expectRetryAfter(limited.headers()['retry-after'], 600);
  expect(await limited.text()).toContain('Too many attempts');
  const zh = await post(request, baseURL!, '/zh/my/?_action=resendLink', client, { locale: 'zh', email: uniqueEmail('r') });
  expect(zh.status()).toBe(429);
  expectRetryAfter(zh.headers()['retry-after'], 600);
  expect(await zh.text()).toContain('尝试次数过多');
  // Another client behind the same proxy is not locked out.
  const other = await post(request, baseURL!, '/en/my/?_action=resendLink', newClient(), { locale: 'en', email: uniqueEmail('r') });
  expect(other.status()).toBe(303);
});

test('test_one_email_address_gets_3_links_an_hour_whichever_clients_ask', async ({ request, baseURL }) => {
  const email = uniqueEmail('links');
  for (let i = 0; i < 3; i++) {
    const sent = await post(request, baseURL!, '/en/my/?_action=resendLink', newClient(), { locale: 'en', email });
    expect(sent.status()).toBe(303);
  }
  const limited = await post(request, baseURL!, '/zh/my/?_action=resendLink', newClient(), { locale: 'zh', email });
  expect(limited.status()).toBe(429);
  expectRetryAfter(limited.headers()['retry-after'], 3600);
});

test('test_registrations_for_one_email_address_are_limited_per_hour_from_any_client_429_with_retry_after', async ({ request, baseURL }) => {
  const email = uniqueEmail('reg');
  const form = (locale: 'en' | 'zh') => ({
    locale,
    ticket: 'general',
    'session.d1-1400': 'parallel-1',
    name: 'Rate Limited',
    organization: 'Example University',
    email,
    country: 'Germany',
    category: 'international',
    consent: 'on',
  });
  const first = await post(request, baseURL!, '/en/register/?_action=register', newClient(), form('en'));
  expect(first.status()).toBe(303);
  // RATE_LIMIT_EMAIL is 5 on the flows server: four more get the same answer as the first
  // (a known address is emailed its link: nothing tells it apart), the sixth is refused.
  for (let i = 0; i < 4; i++) {
    const again = await post(request, baseURL!, '/en/register/?_action=register', newClient(), form('en'));
    expect(again.status()).toBe(303);
    // The same page (its deadline depends only on the time of sending).
    const [path, query] = (again.headers()['location'] ?? '').split('?');
    expect(path).toBe(first.headers()['location']?.split('?')[0]);
    expect(new URLSearchParams(query).get('for')).toBe('registration');
  }
  const limited = await post(request, baseURL!, '/zh/register/?_action=register', newClient(), form('zh'));
  expect(limited.status()).toBe(429);
  expectRetryAfter(limited.headers()['retry-after'], 3600);
  expect(await limited.text()).toContain('尝试次数过多');
});

test('test_a_registration_refused_after_its_address_was_counted_counts_once_and_the_page_shows_why_with_the_form_filled_in', async ({
  request,
  baseURL,
}) => {
  const email = uniqueEmail('once');
  const form = {
    locale: 'en',
    ticket: 'general',
    name: 'Counted Once',
    organization: 'Example University',
    email,
    country: 'Germany',
    category: 'international',
    consent: 'on',
  };
  // An unknown session is refused after the address was counted (5 an hour on the flows server).
  // server.mjs runs the registration form before Astro (serve/direct-forms.mjs) and hands a
  // refusal to the page with its result: run a second time, each would count twice.
  for (let i = 0; i < 3; i++) {
    const refused = await post(request, baseURL!, '/en/register/?_action=register', newClient(), {
      ...form,
      'session.d1-1400': 'no-such-session',
    });
    expect(refused.status(), `form ${i + 1}`).toBe(400);
    const page = await refused.text();
    expect(page).toContain('Choose one of the options.');
    expect(page).toContain('value="Counted Once"');
  }
  for (let i = 0; i < 2; i++) {
    expect((await post(request, baseURL!, '/en/register/?_action=register', newClient(), form)).status(), `valid form ${i + 1}`).toBe(303);
  }
  const limited = await post(request, baseURL!, '/en/register/?_action=register', newClient(), form);
  expect(limited.status()).toBe(429);
});
