/**
 * Requests that once crashed the server, answered 500 or changed data while answering 404
 * (found by the fuzz suite, tests/fuzz/). Runs against the upcoming build, where
 * registration is open, so a form action that ran would store a registration.
 */
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { e2eData } from '../../playwright.config.ts';

/** Addresses the local mailer wrote to (the outbox of the flows server). */
function recipients(): string[] {
  const dir = join(e2eData, 'flows', 'outbox');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((folder) => !folder.startsWith('.'))
    .map((folder) => (JSON.parse(readFileSync(join(dir, folder, 'message.json'), 'utf8')) as { to: string }).to);
}

function registrationForm(email: string): Record<string, string> {
  return {
    ticket: 'general',
    'session.d1-1400': 'parallel-1',
    name: 'Hardening Test',
    organization: 'Example University',
    email,
    country: 'Germany',
    category: 'international',
    consent: 'on',
    locale: 'en',
  };
}

/** A raw request with any method (fetch refuses TRACE). */
function rawStatus(baseURL: string, method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, baseURL), { method }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('test_trace_and_track_are_refused_and_the_server_keeps_running', async ({ request, baseURL }) => {
  expect(await rawStatus(baseURL!, 'TRACE', '/en/')).toBe(405);
  // Node's parser itself refuses a method it does not know.
  expect(await rawStatus(baseURL!, 'TRACK', '/en/')).toBe(400);
  expect((await request.get('/api/health')).status()).toBe(200);
});

test('test_malformed_json_to_an_action_is_refused_with_415_not_500', async ({ request, baseURL }) => {
  for (const path of ['/en/register/?_action=register', '/_actions/register']) {
    const response = await request.post(path, {
      headers: { 'Content-Type': 'application/json', Origin: baseURL! },
      data: '{"name":',
    });
    expect(response.status(), path).toBe(415);
  }
});

test('test_an_action_name_that_is_not_an_identifier_is_a_404_not_500', async ({ request, baseURL }) => {
  for (const path of ['/en/register/?_action=%25', '/_actions/%25']) {
    const response = await request.post(path, { headers: { Origin: baseURL! }, form: registrationForm('x@example.org') });
    expect(response.status(), path).toBe(404);
  }
});

test('test_a_form_action_posted_to_a_page_in_an_unknown_language_changes_nothing', async ({ request, baseURL }) => {
  const email = `unknown-language-${Date.now()}@example.org`;
  for (const path of ['/fr/register/?_action=register', '/EN/register/?_action=register', '/zh-CN/register/?_action=register']) {
    const response = await request.post(path, { headers: { Origin: baseURL! }, form: registrationForm(email), maxRedirects: 0 });
    expect(response.status(), path).toBe(404);
  }
  // The same form on the real page is accepted, so the form itself was valid.
  const accepted = await request.post('/en/register/?_action=register', {
    headers: { Origin: baseURL! },
    form: registrationForm(`accepted-${email}`),
    maxRedirects: 0,
  });
  expect(accepted.status()).toBe(303);
  await expect.poll(() => recipients().includes(`accepted-${email}`), { timeout: 15_000 }).toBe(true);
  expect(recipients()).not.toContain(email);
});
