import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { Mailer, OutgoingEmail, RenderEmail } from '../../src/features/notifications/email.types.ts';
import { claimDue, enqueueEmail } from '../../src/features/notifications/outbox.repository.ts';
import { relayOnce, startRelay, type RelayDeps } from '../../src/features/notifications/relay.ts';
import { createResendMailer } from '../../src/features/notifications/resend-mailer.ts';
import { renderTemplate } from '../../src/features/notifications/templates/render.ts';
import { fakeClock, type FakeClock } from '../fixtures/clock.ts';
import { startFakeResend, type FakeResend } from '../fixtures/fake-resend.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';

const HOUR = 3_600_000;

function email(i: number): OutgoingEmail {
  return {
    kind: 'registration-confirmed',
    recipient: `guest${i}@example.org`,
    locale: i % 2 ? 'zh' : 'en',
    payload: { registrationId: `reg-${i}`, personId: `person-${i}`, name: `Guest Number${i}`, ticket: 'Standard' },
  };
}

async function enqueueMany(db: Kysely<Database>, count: number, now: Date): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await enqueueEmail(trx, email(i), now));
    return ids;
  });
}

/** The real templates, plus a small calendar attachment. */
const render: RenderEmail = async ({ id, kind, locale, payload }) => ({
  ...(await renderTemplate(kind, {
    locale,
    payload,
    links: { manage: `https://forum.example/${locale}/manage/#${id}` },
    siteName: 'Forum',
  })),
  attachments: [{ filename: 'forum.ics', content: Buffer.from(`BEGIN:VCALENDAR ${id}`), contentType: 'text/calendar' }],
});

/** The outbox rows, newest first, attempts as a number on both databases. */
async function outboxRows(db: Kysely<Database>) {
  const rows = await db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe.each(dialects)('outbox relay on %s', (dialect) => {
  let testDb: TestDb;
  let resend: FakeResend;
  let clock: FakeClock;
  let logs: string[];
  let deps: RelayDeps;

  beforeEach(async () => {
    testDb = await createTestDb(dialect);
    resend = await startFakeResend();
    clock = fakeClock(new Date('2026-11-23T06:00:00.000Z'));
    logs = [];
    deps = {
      db: testDb.db,
      clock,
      mailer: createResendMailer({ apiKey: 're_test_key', baseUrl: resend.url }),
      render,
      from: 'Forum <noreply@forum.example>',
      workerId: 'worker-a',
      log: (msg) => logs.push(msg),
    };
  });

  afterEach(async () => {
    await resend.stop();
    await testDb.drop();
  });

  it('test_retries_after_500_and_429_until_every_email_is_delivered_once', async () => {
    const ids = await enqueueMany(testDb.db, 20, clock.now());
    resend.failNext(500, 5);
    resend.failNext(429, 1);

    expect(await relayOnce(deps)).toEqual({ sent: 14, retried: 6, failed: 0 });
    // Backoff: nothing is due again right away.
    expect(await relayOnce(deps)).toEqual({ sent: 0, retried: 0, failed: 0 });
    for (let run = 0; run < 5; run++) {
      clock.advance(2 * HOUR);
      await relayOnce(deps);
    }

    const keys = countBy(resend.emails, (e) => e.idempotencyKey ?? 'none');
    expect([...keys.keys()].sort()).toEqual([...ids].sort());
    expect([...keys.values()].every((n) => n === 1)).toBe(true);
    expect(resend.requests).toBe(26);

    const rows = await outboxRows(testDb.db);
    expect(rows.every((r) => r.status === 'sent' && r.sent_at && r.last_error === null && r.locked_by === null)).toBe(true);
    expect(rows.filter((r) => r.attempts === 2)).toHaveLength(6);
    expect(rows.filter((r) => r.attempts === 1)).toHaveLength(14);
    const providerIds = new Map(resend.emails.map((e) => [e.idempotencyKey, e.id]));
    expect(rows.every((r) => r.provider_id === providerIds.get(r.id))).toBe(true);

    const first = resend.emails[0];
    expect(first.attachments?.[0]?.filename).toBe('forum.ics');
    expect(Buffer.from(first.attachments?.[0]?.content ?? '', 'base64').toString()).toBe(`BEGIN:VCALENDAR ${first.idempotencyKey}`);
    expect(logs.some((l) => l.includes('retry at'))).toBe(true);
    expect(logs.join('\n')).not.toMatch(/@|Guest Number/);
  });

  it('test_two_relays_at_once_never_send_an_email_twice', async () => {
    const ids = await enqueueMany(testDb.db, 30, clock.now());
    const other = openDatabase(testDb.url);
    const sends = new Map<string, number>();
    const real = deps.mailer;
    // Slow, counting mailer: widens the window in which both relays look at the same rows.
    const mailer: Mailer = {
      kind: real.kind,
      async send(request) {
        sends.set(request.id, (sends.get(request.id) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        return real.send(request);
      },
    };
    try {
      // Small batches, so both relays keep meeting the same candidate rows.
      const a = { ...deps, mailer, batchSize: 4 };
      const b = { ...deps, mailer, batchSize: 4, db: other.db, workerId: 'worker-b' };
      const sent = { a: 0, b: 0 };
      for (let round = 0; round < 20 && sent.a + sent.b < 30; round++) {
        const [ra, rb] = await Promise.all([relayOnce(a), relayOnce(b)]);
        sent.a += ra.sent;
        sent.b += rb.sent;
      }
      expect(sent.a + sent.b).toBe(30);
    } finally {
      await other.close();
    }
    expect([...sends.values()].every((n) => n === 1)).toBe(true);
    expect([...sends.keys()].sort()).toEqual([...ids].sort());
    expect(resend.requests).toBe(30);
    expect(resend.emails).toHaveLength(30);
  });

  it('test_a_claimed_row_is_leased_until_the_lease_runs_out', async () => {
    await enqueueMany(testDb.db, 3, clock.now());
    const lease = { limit: 10, now: clock.now(), leaseMs: 60_000 };
    expect(await claimDue(testDb.db, { ...lease, workerId: 'a' })).toHaveLength(3);
    expect(await claimDue(testDb.db, { ...lease, workerId: 'b' })).toHaveLength(0);
    const later = new Date(clock.now().getTime() + 61_000);
    const taken = await claimDue(testDb.db, { ...lease, now: later, workerId: 'b' });
    expect(taken.map((m) => m.lockedBy)).toEqual(['b', 'b', 'b']);
    expect(taken[0]?.payload).toMatchObject({ ticket: 'Standard' });
  });

  it('test_a_422_marks_the_email_failed_without_the_address_in_the_error', async () => {
    const [id] = await enqueueMany(testDb.db, 1, clock.now());
    resend.failNext(422, 1);
    expect(await relayOnce(deps)).toEqual({ sent: 0, retried: 0, failed: 1 });
    const [row] = await outboxRows(testDb.db);
    expect(row).toMatchObject({ id, status: 'failed', attempts: 1, locked_by: null });
    expect(row?.last_error).toContain('422');
    expect(row?.last_error).not.toContain('guest0@example.org');
    expect(logs.join('\n')).not.toContain('@');
    clock.advance(2 * HOUR);
    expect(await relayOnce(deps)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(resend.emails).toHaveLength(0);
  });

  it('test_retryable_errors_stop_after_max_attempts', async () => {
    await enqueueMany(testDb.db, 1, clock.now());
    resend.failNext(500, 10);
    for (let run = 0; run < 5; run++) {
      await relayOnce({ ...deps, maxAttempts: 3 });
      clock.advance(2 * HOUR);
    }
    const [row] = await outboxRows(testDb.db);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(resend.requests).toBe(3);
  });

  it('test_a_render_error_marks_the_email_failed', async () => {
    await enqueueMany(testDb.db, 1, clock.now());
    const broken: RenderEmail = async () => {
      throw new Error('template exploded for guest0@example.org');
    };
    expect(await relayOnce({ ...deps, render: broken })).toEqual({ sent: 0, retried: 0, failed: 1 });
    const [row] = await outboxRows(testDb.db);
    expect(row?.status).toBe('failed');
    expect(row?.last_error).toMatch(/^render: Error: template exploded/);
    expect(row?.last_error).not.toContain('@');
    expect(resend.requests).toBe(0);
  });

  it('test_a_send_repeated_after_a_crash_delivers_once', async () => {
    const [id] = await enqueueMany(testDb.db, 1, clock.now());
    const [message] = await claimDue(testDb.db, { limit: 1, workerId: 'crashing', now: clock.now(), leaseMs: 60_000 });
    const content = await render({ id: id, kind: message.kind, locale: message.locale, payload: message.payload });
    const request = { id: id, from: deps.from, to: message.recipient, content };
    // Sent, then the process died before markSent; the retry sends the same outbox id again.
    const first = await deps.mailer.send(request);
    const second = await deps.mailer.send(request);
    expect(second.providerId).toBe(first.providerId);
    expect(resend.requests).toBe(2);
    expect(resend.emails).toHaveLength(1);

    // The lease runs out and a relay picks the row up: still one email, row marked sent.
    clock.advance(2 * 60_000);
    expect(await relayOnce(deps)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(resend.emails).toHaveLength(1);
    const [row] = await outboxRows(testDb.db);
    expect(row).toMatchObject({ status: 'sent', provider_id: first.providerId });
  });

  it('test_start_relay_sends_in_the_background_and_stops', async () => {
    await enqueueMany(testDb.db, 3, clock.now());
    const relay = startRelay(deps, { intervalMs: 20 });
    for (let i = 0; i < 100 && resend.emails.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    await relay.stop();
    expect(resend.emails).toHaveLength(3);
    const requests = resend.requests;
    await enqueueMany(testDb.db, 1, clock.now());
    await new Promise((r) => setTimeout(r, 60));
    expect(resend.requests).toBe(requests);
  });
});
