/**
 * Who may use the web editor and publishing, route by route, over the built server: every
 * page, endpoint and form of content editing, preview (and its images), publishing, the progress stream, the
 * history, rollback and the content ZIP is tried signed out (sign-in, or 401 for the stream and
 * the ZIP), by staff without content:write (check-in and desk: 403), by an admin without the
 * authenticator app (its set-up first, 403 for the stream and the ZIP) and, for every POST, by an
 * editor from another origin (403). After each refused request the editing and publishing rows
 * of the database are as they were, and no answer holds a revision message, a file name or a
 * draft's title. The editor's own requests show what the refused ones would have revealed.
 */
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { flowsDb } from './checkin-support.ts';
import { uniqueEmail } from './flows.ts';
import { samplePdf } from './sample-files.ts';
import { adminWithoutAuthenticator, invitedMember, signedInAdmin } from './staff-members.ts';

test.describe.configure({ mode: 'serial' });

const stamp = uniqueEmail('probe')
  .split('@')[0]
  .replace(/[^a-z0-9]+/g, '-');
/** a page only this spec writes: the editor's draft the refused requests try to change */
const probeId = `en/access-${stamp}`;
const probePath = `pages/${probeId}.md`;
const probeTitle = `Access probe ${stamp}`;
const pdf = samplePdf(`access-${stamp}`);
const pdfFile = `/files/${createHash('sha256').update(pdf).digest('hex')}.pdf`;
const elsewhere = 'https://elsewhere.example';
/** an image in the flows server's content folder (playwright.config.ts) that a preview shows */
const probeImage = join('.upcoming/content/pages/en', `access-${stamp}.png`);

/** Pages answer like every workspace page (sign-in, authenticator set-up, 403); the stream and the ZIP like its other non-page routes (401, 403). */
type Kind = 'page' | 'endpoint';
type Body =
  { form: Record<string, string> } | { multipart: Record<string, { name: string; mimeType: string; buffer: Buffer }> } | { raw: Buffer };

interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  kind: Kind;
  body?: () => Body;
  /** what the editor sees there (so its absence from a refused answer means something) */
  shows?: () => string[];
}

interface Fixture {
  editor: Page;
  revisionId: number;
  revisionMessage: string;
  entryForm: Record<string, string>;
}
let fx: Fixture;
const actors: string[] = [];

const upload = (id: string) => `/en/admin/content-upload/?collection=papers&id=${id}&field=pdf`;

const routes = (): Route[] => [
  { name: 'content collections', method: 'GET', path: '/en/admin/content/', kind: 'page', shows: () => ['Papers'] },
  { name: 'collection list', method: 'GET', path: '/en/admin/content/pages/', kind: 'page', shows: () => [probeTitle] },
  { name: 'entry form', method: 'GET', path: `/en/admin/content/pages/${probeId}/`, kind: 'page', shows: () => [probeTitle] },
  {
    name: 'preview',
    method: 'GET',
    path: '/en/admin/preview/papers/hotline-evaluation-framework/',
    kind: 'page',
    shows: () => ['Preview'],
  },
  {
    name: 'preview image',
    method: 'GET',
    path: `/en/admin/preview-file/pages/en/access-${stamp}.png`,
    kind: 'endpoint',
    shows: () => ['PNG'],
  },
  { name: 'publish page', method: 'GET', path: '/en/admin/publish/', kind: 'page', shows: () => [probePath] },
  { name: 'progress page', method: 'GET', path: `/en/admin/publish/${fx.revisionId}/`, kind: 'page', shows: () => ['Revision'] },
  {
    name: 'progress stream',
    method: 'GET',
    path: `/en/admin/publish/${fx.revisionId}/events`,
    kind: 'endpoint',
    shows: () => ['event: progress'],
  },
  { name: 'history', method: 'GET', path: '/en/admin/history/', kind: 'page', shows: () => [fx.revisionMessage] },
  {
    name: 'revision diff',
    method: 'GET',
    path: `/en/admin/history/${fx.revisionId}/`,
    kind: 'page',
    shows: () => [fx.revisionMessage, 'papers/hotline-evaluation-framework.yaml'],
  },
  { name: 'content ZIP', method: 'GET', path: '/en/admin/history/content.zip', kind: 'endpoint', shows: () => ['content/papers/'] },
  { name: 'new entry', method: 'POST', path: '/en/admin/content/pages/', kind: 'page', body: () => ({ form: { id: `${probeId}-new` } }) },
  {
    name: 'save',
    method: 'POST',
    path: `/en/admin/content/pages/${probeId}/`,
    kind: 'page',
    body: () => ({ form: { ...fx.entryForm, title: 'Changed by someone else', _do: 'save' } }),
  },
  {
    name: 'delete',
    method: 'POST',
    path: `/en/admin/content/pages/${probeId}/`,
    kind: 'page',
    body: () => ({ form: { _do: 'delete', _confirm: 'yes', _base: fx.entryForm._base ?? '', _draftAt: fx.entryForm._draftAt ?? '' } }),
  },
  {
    name: 'discard',
    method: 'POST',
    path: `/en/admin/content/pages/${probeId}/`,
    kind: 'page',
    body: () => ({ form: { _do: 'discard' } }),
  },
  {
    name: 'publish',
    method: 'POST',
    path: '/en/admin/publish/',
    kind: 'page',
    body: () => ({ form: { message: 'Published by someone else' } }),
  },
  {
    name: 'rollback',
    method: 'POST',
    path: `/en/admin/history/${fx.revisionId}/`,
    kind: 'page',
    body: () => ({ form: { confirm: 'yes' } }),
  },
  {
    name: 'upload (form)',
    method: 'POST',
    path: upload('hotline-evaluation-framework'),
    kind: 'page',
    body: () => ({ multipart: { file: { name: 'paper.pdf', mimeType: 'application/pdf', buffer: pdf } } }),
  },
  { name: 'upload (raw file)', method: 'POST', path: upload('hotline-evaluation-framework'), kind: 'page', body: () => ({ raw: pdf }) },
];

/** The editing and publishing rows any of these requests could change, and whether the probe PDF is stored. */
async function state(request: APIRequestContext) {
  const db = flowsDb();
  const revisions = db
    .prepare('select count(*) as n, max(id) as last, max(coalesce(finished_at, created_at)) as at from content_revision')
    .get();
  const drafts = db.prepare('select path, body, updated_at from content_draft where path like ? order by path').all(`%${stamp}%`);
  const audits = actors.length
    ? db
        .prepare(
          `select count(*) as n from audit_log where action like 'content.%' and actor_email in (${actors.map(() => '?').join(',')})`,
        )
        .get(...actors)
    : { n: 0 };
  db.close();
  const file = (await request.get(pdfFile)).status();
  return { revisions, drafts, audits, file };
}

async function send(request: APIRequestContext, route: Route, origin: string) {
  const body = route.body?.();
  const options = { maxRedirects: 0, headers: { Origin: origin } as Record<string, string> };
  if (route.method === 'GET') return request.get(route.path, { maxRedirects: 0 });
  if (body && 'form' in body) return request.post(route.path, { ...options, form: body.form });
  if (body && 'multipart' in body) return request.post(route.path, { ...options, multipart: body.multipart });
  return request.post(route.path, {
    ...options,
    headers: { ...options.headers, 'Content-Type': 'application/pdf' },
    data: body && 'raw' in body ? body.raw : Buffer.alloc(0),
  });
}

/** Every route refused as `expected` says; nothing changed, nothing revealed. */
async function expectRefused(
  request: APIRequestContext,
  origin: string,
  expected: (route: Route) => { status: number; location?: RegExp },
  only?: 'POST',
) {
  const secrets = [probeTitle, probePath, fx.revisionMessage, 'papers/hotline-evaluation-framework.yaml', 'Published by someone else'];
  for (const route of routes().filter((r) => !only || r.method === only)) {
    const label = `${route.method} ${route.path} (${route.name})`;
    const before = await state(request);
    const response = await send(request, route, origin);
    const want = expected(route);
    expect(response.status(), label).toBe(want.status);
    if (want.location) expect(response.headers()['location'], label).toMatch(want.location);
    expect(response.headers()['cache-control'], label).toBe('no-store');
    const text = (await response.body()).toString('latin1');
    for (const secret of secrets) expect(text, `${label} reveals ${secret}`).not.toContain(secret);
    expect(await state(request), label).toEqual(before);
  }
}

const signInAgain = /^\/en\/admin\/sign-in\/$/;

async function member(browser: Browser, admin: Page, baseURL: string, role: 'checkin' | 'desk') {
  const { page, email } = await invitedMember(admin, browser, baseURL, role, 'access');
  actors.push(email);
  return page;
}

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  writeFileSync(
    probeImage,
    await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } })
      .png()
      .toBuffer(),
  );
  const admin = await (await browser.newContext({ baseURL })).newPage();
  actors.push(await signedInAdmin(admin, baseURL!, 'access-admin'));
  const { page: editor, email } = await invitedMember(admin, browser, baseURL!, 'editor', 'access');
  actors.push(email);
  await admin.context().close();

  // the editor's draft of a new page: what the refused requests try to change or read
  await editor.goto(`/en/admin/content/pages/${probeId}/`);
  await editor.locator('#f-title').fill(probeTitle);
  await editor.locator('#f-description').fill('A page the access checks try to change.');
  await editor.locator('#f-body').fill('Nothing to see.');
  await editor.getByRole('button', { name: 'Save draft' }).click();
  await expect(editor).toHaveURL(/done=saved/);
  const entryForm = Object.fromEntries(
    await editor
      .locator('form', { has: editor.locator('button[name="_do"][value="save"]') })
      .evaluate((form) => [...new FormData(form as HTMLFormElement)].map(([k, v]) => [k, typeof v === 'string' ? v : v.name])),
  ) as Record<string, string>;

  const db = flowsDb();
  const revision = db.prepare('select id, message from content_revision order by id desc limit 1').get() as { id: number; message: string };
  db.close();
  expect(revision.message).not.toBe('');
  fx = { editor, revisionId: revision.id, revisionMessage: revision.message, entryForm };
});

test.afterAll(async () => {
  rmSync(probeImage, { force: true });
  await fx?.editor.context().close();
});

test('test_the_editor_sees_what_the_refused_requests_would_reveal', async () => {
  for (const route of routes().filter((r) => r.method === 'GET')) {
    const response = await fx.editor.request.get(route.path, { maxRedirects: 0 });
    expect(response.status(), route.path).toBe(200);
    const text = (await response.body()).toString('latin1');
    for (const shown of route.shows?.() ?? []) expect(text, route.path).toContain(shown);
  }
});

test('test_signed_out_every_editing_and_publishing_route_sends_to_sign_in_or_401_and_changes_nothing', async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  await expectRefused(request, baseURL!, (route) => (route.kind === 'page' ? { status: 303, location: signInAgain } : { status: 401 }));
  await request.dispose();
});

test('test_checkin_and_desk_staff_get_403_on_every_editing_and_publishing_route_and_change_nothing', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await (await browser.newContext({ baseURL })).newPage();
  actors.push(await signedInAdmin(admin, baseURL!, 'access-admin'));
  for (const role of ['checkin', 'desk'] as const) {
    const page = await member(browser, admin, baseURL!, role);
    await expectRefused(page.request, baseURL!, () => ({ status: 403 }));
    await page.context().close();
  }
  await admin.context().close();
});

test('test_an_admin_without_the_authenticator_is_sent_to_set_it_up_and_the_stream_and_zip_refuse_them', async ({ browser, baseURL }) => {
  const page = await (await browser.newContext({ baseURL })).newPage();
  actors.push(await adminWithoutAuthenticator(page, baseURL!, 'access-new-admin'));
  await expectRefused(page.request, baseURL!, (route) =>
    route.kind === 'page' ? { status: 303, location: /^\/en\/admin\/two-factor\/$/ } : { status: 403 },
  );
  // the workspace's other progress stream (announcements) goes through the same gate: 403 before any look-up
  expect((await page.request.get('/en/admin/announcements/some-id/events', { maxRedirects: 0 })).status()).toBe(403);
  await page.context().close();
});

test('test_an_editor_posting_from_another_origin_is_refused_whatever_the_body', async () => {
  await expectRefused(fx.editor.request, elsewhere, () => ({ status: 403 }), 'POST');

  // the same raw upload from the site itself is taken (so the refusal above is the origin's)
  const taken = await send(
    fx.editor.request,
    routes().find((r) => r.name === 'upload (raw file)')!,
    new URL(fx.editor.url()).origin,
  );
  expect(taken.status()).toBe(303);
  expect(taken.headers()['location']).toContain(`file.pdf=${encodeURIComponent(pdfFile)}`);
  expect((await fx.editor.request.get(pdfFile)).status()).toBe(200);
});
