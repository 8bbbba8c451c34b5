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

function announcement(i: number, to = `guest${i}@example.org`): OutgoingEmail {
  return {
    kind: 'announcement',
    recipient: to,
    locale: i % 2 ? 'zh' : 'en',
    payload: { announcementId: 'ann-1', personId: `person-${i}`, name: `Guest Number${i}`, subject: 'Venue change', body: 'Room 2 now.' },
  };
}

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

/** The real templates, plus a small calendar attachment for confirmations (as the server does). */
const render: RenderEmail = async ({ id, kind, locale, payload }) => ({
  ...(await renderTemplate(kind, {
    locale,
    payload,
    links: { manage: `https://forum.example/${locale}/manage/#${id}` },
    siteName: 'Forum',
  })),
  attachments:
    kind === 'announcement' ? [] : [{ filename: 'forum.ics', content: Buffer.from(`BEGIN:VCALENDAR ${id}`), contentType: 'text/calendar' }],
});

/** The outbox rows, newest first, attempts as a number on both databases. */
async function outboxRows(db: Kysely<Database>) {
  const rows = await db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait (real time) until check() holds; fails after a few seconds. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await sleep(10);
  if (!check()) throw new Error('condition not reached');
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

    // The 429 is waited out (retry-after) within the run; the 500s are retried later.
    expect(await relayOnce(deps)).toEqual({ sent: 15, retried: 5, failed: 0 });
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
    expect(rows.filter((r) => r.attempts === 2)).toHaveLength(5);
    expect(rows.filter((r) => r.attempts === 1)).toHaveLength(15);
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
  it('test_claims_of_a_relay_that_died_are_sent_by_another_within_a_minute', async () => {
    const ids = await enqueueMany(testDb.db, 10, clock.now());
    const sends: string[] = [];
    const real = deps.mailer;
    const counting: Mailer = {
      kind: real.kind,
      send: (request) => (sends.push(request.id), real.send(request)),
    };
    // Relay A (its own connection) sends three emails, then its process is killed mid-batch.
    const crashed = openDatabase(testDb.url);
    let kill!: () => void;
    const killed = new Promise<void>((resolve) => (kill = resolve));
    const dying: Mailer = {
      kind: real.kind,
      async send(request) {
        if (sends.length === 3) {
          await killed;
          throw new Error('killed');
        }
        return counting.send(request);
      },
    };
    const a = relayOnce({ ...deps, db: crashed.db, mailer: dying, workerId: 'worker-a' }).catch(() => 'died');
    await until(() => sends.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await crashed.close(); // kill -9: nothing more is written by A
    kill();
    await a;

    const b = { ...deps, mailer: counting, workerId: 'worker-b' };
    expect(await relayOnce(b)).toEqual({ sent: 0, retried: 0, failed: 0 }); // A's leases still hold
    clock.advance(60_000); // a minute later
    expect(await relayOnce(b)).toEqual({ sent: 7, retried: 0, failed: 0 });
    expect([...sends].sort()).toEqual([...ids].sort()); // every email sent once
    expect(resend.emails).toHaveLength(10);
    expect((await outboxRows(testDb.db)).every((r) => r.status === 'sent' && r.locked_by === null)).toBe(true);
  });

  it('test_stop_hands_back_the_claims_it_did_not_send', async () => {
    await enqueueMany(testDb.db, 6, clock.now());
    const sends: string[] = [];
    let answer!: () => void;
    const slowFirst = new Promise<void>((resolve) => (answer = resolve));
    const real = deps.mailer;
    const mailer: Mailer = {
      kind: real.kind,
      async send(request) {
        sends.push(request.id);
        if (sends.length === 1) await slowFirst;
        return real.send(request);
      },
    };
    const relay = startRelay({ ...deps, mailer }, { intervalMs: 10 });
    await until(() => sends.length === 1);
    const stopping = relay.stop(); // SIGTERM while the first email is in flight (a slow provider)
    // The rest of the batch is handed back at once, without waiting for that email.
    const unclaimed = async () =>
      (await outboxRows(testDb.db)).filter((r) => r.status === 'pending' && r.locked_by === null && r.locked_until === null).length;
    for (let i = 0; i < 200 && (await unclaimed()) < 5; i++) await sleep(10);
    expect(await unclaimed()).toBe(5);
    answer();
    await stopping;
    expect(sends).toHaveLength(1);
    const rows = await outboxRows(testDb.db);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(1);
    const pending = rows.filter((r) => r.status === 'pending');
    expect(pending.map((r) => [r.locked_by, r.locked_until, r.attempts])).toEqual(Array(5).fill([null, null, 0]));
    // Another relay sends them at once: no lease to wait out.
    expect(await relayOnce({ ...deps, workerId: 'worker-b' })).toEqual({ sent: 5, retried: 0, failed: 0 });
    expect(resend.requests).toBe(6);
  });

  it('test_a_slow_send_keeps_its_lease_so_no_other_relay_sends_it_again', async () => {
    await enqueueMany(testDb.db, 3, clock.now());
    const sends = new Map<string, number>();
    const real = deps.mailer;
    const counting = (slow: boolean): Mailer => ({
      kind: real.kind,
      async send(request) {
        sends.set(request.id, (sends.get(request.id) ?? 0) + 1);
        // 50 s per email (longer than the lease), in steps while the other relay keeps looking.
        for (let step = 0; slow && step < 10; step++) {
          clock.advance(5_000);
          await sleep(20);
        }
        return real.send(request);
      },
    });
    const other = openDatabase(testDb.url);
    try {
      let done = false;
      const a = relayOnce({ ...deps, mailer: counting(true), leaseMs: 30_000, heartbeatMs: 5 }).finally(() => (done = true));
      let stolen = 0;
      while (!done) {
        stolen += (await relayOnce({ ...deps, db: other.db, mailer: counting(false), workerId: 'worker-b', leaseMs: 30_000 })).sent;
        await sleep(5);
      }
      expect(await a).toEqual({ sent: 3, retried: 0, failed: 0 });
      expect(stolen).toBe(0);
    } finally {
      await other.close();
    }
    expect([...sends.values()]).toEqual([1, 1, 1]);
    expect(resend.requests).toBe(3);
  });

  it('test_announcements_go_100_to_a_batch_request_and_attachments_one_by_one', async () => {
    const db = testDb.db;
    const ids = await db.transaction().execute(async (trx) => {
      const out: string[] = [];
      for (let i = 0; i < 230; i++) out.push(await enqueueEmail(trx, announcement(i), clock.now()));
      for (let i = 0; i < 3; i++) out.push(await enqueueEmail(trx, email(i), clock.now()));
      return out;
    });
    let total = { sent: 0, retried: 0, failed: 0 };
    for (let run = 0; run < 5; run++) {
      const r = await relayOnce({ ...deps, batchSize: 250 });
      total = { sent: total.sent + r.sent, retried: total.retried + r.retried, failed: total.failed + r.failed };
    }
    expect(total).toEqual({ sent: 233, retried: 0, failed: 0 });
    expect(resend.batches).toEqual([100, 100, 30]);
    expect(resend.requests).toBe(3 + 3); // three batches, three confirmations with their attachment
    expect(resend.emails.filter((e) => e.attachments?.length)).toHaveLength(3);
    const rows = await outboxRows(db);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const providerIds = new Set(resend.emails.map((e) => e.id));
    expect(rows.every((r) => r.status === 'sent' && providerIds.has(r.provider_id ?? ''))).toBe(true);
    expect(new Set(rows.map((r) => r.provider_id)).size).toBe(233);
  });

  it('test_a_refused_address_fails_only_its_own_email_in_a_batch', async () => {
    await testDb.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 5; i++) await enqueueEmail(trx, announcement(i, i === 2 ? 'nobody@refused.invalid' : undefined), clock.now());
    });
    expect(await relayOnce(deps)).toEqual({ sent: 4, retried: 0, failed: 1 });
    const failed = (await outboxRows(testDb.db)).filter((r) => r.status === 'failed');
    expect(failed.map((r) => [r.recipient, r.provider_id])).toEqual([['nobody@refused.invalid', null]]);
    expect(failed[0]?.last_error).not.toContain('refused.invalid');
  });

  it('test_a_rate_limited_provider_gets_every_email_once_after_waiting_out_429s', async () => {
    const limitedResend = await startFakeResend({ ratePerSecond: 2 });
    try {
      // Five confirmations (one request each) against 2 requests a second, with no limit on
      // our side (another instance uses the same allowance): 429s, retry-after, then sent.
      const ids = await enqueueMany(testDb.db, 5, clock.now());
      const mailer = createResendMailer({ apiKey: 're_test_key', baseUrl: limitedResend.url });
      expect(await relayOnce({ ...deps, mailer })).toEqual({ sent: 5, retried: 0, failed: 0 });
      expect(limitedResend.limited).toBeGreaterThan(0);
      expect(limitedResend.emails.map((e) => e.idempotencyKey).sort()).toEqual([...ids].sort());
      // With our own limit a little under the provider's, no request is refused.
      await enqueueMany(testDb.db, 3, clock.now());
      const before = limitedResend.limited;
      await sleep(1100);
      const paced = createResendMailer({ apiKey: 're_test_key', baseUrl: limitedResend.url, ratePerSecond: 1.8 });
      expect(await relayOnce({ ...deps, mailer: paced })).toEqual({ sent: 3, retried: 0, failed: 0 });
      expect(limitedResend.limited).toBe(before);
    } finally {
      await limitedResend.stop();
    }
  });

  it('test_a_batch_cut_off_by_a_crash_is_sent_again_under_its_key_and_delivered_once', async () => {
    await testDb.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 12; i++) await enqueueEmail(trx, announcement(i), clock.now());
    });
    // Relay A sends the batch, then its process dies before it records the outcome.
    const real = deps.mailer;
    let sentByA!: () => void;
    const delivered = new Promise<void>((resolve) => (sentByA = resolve));
    const dying: Mailer = {
      kind: real.kind,
      batchLimit: 100,
      send: (r) => real.send(r),
      async sendBatch(requests, key) {
        await real.sendBatch!(requests, key);
        sentByA();
        return new Promise(() => {}); // never answers: nothing more is written by A
      },
    };
    void relayOnce({ ...deps, mailer: dying, workerId: 'worker-a', heartbeatMs: 3_600_000 });
    await delivered;
    expect(resend.emails).toHaveLength(12);
    // A minute later its leases have run out; relay B, claiming only 5 rows at first, still
    // sends the batch whole, under the same key.
    clock.advance(60_000);
    const rows = await outboxRows(testDb.db);
    expect(new Set(rows.map((r) => r.provider_id)).size).toBe(1);
    expect(await relayOnce({ ...deps, workerId: 'worker-b', batchSize: 5 })).toEqual({ sent: 12, retried: 0, failed: 0 });
    expect(resend.emails).toHaveLength(12); // the provider answered from its idempotency record
    expect(resend.batches).toEqual([12]);
    expect((await outboxRows(testDb.db)).every((r) => r.status === 'sent' && !r.provider_id?.startsWith('batch:'))).toBe(true);
  });

  it('test_an_email_enqueued_in_this_process_wakes_the_relay', async () => {
    const relay = startRelay(deps, { intervalMs: 60_000 });
    try {
      await sleep(50); // the first (empty) run is over; the next poll is a minute away
      await enqueueMany(testDb.db, 2, clock.now());
      await until(() => resend.emails.length === 2);
    } finally {
      await relay.stop();
    }
  });

  it('test_the_event_loop_turns_between_the_emails_a_batch_renders', async () => {
    // A render's statements on SQLite resolve without the event loop turning: a batch of 100
    // rendered in one stretch held every request behind it (about 70 ms in a server sending
    // the emails of a registration burst). Here the renders themselves do no I/O at all.
    await enqueueMany(testDb.db, 100, clock.now());
    let rendersThisTurn = 0;
    let mostInOneTurn = 0;
    let turning = true;
    const turn = () => {
      rendersThisTurn = 0;
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    const counting: RenderEmail = async (message) => {
      mostInOneTurn = Math.max(mostInOneTurn, ++rendersThisTurn);
      return render(message);
    };
    try {
      expect(await relayOnce({ ...deps, render: counting })).toEqual({ sent: 100, retried: 0, failed: 0 });
    } finally {
      turning = false;
    }
    expect(mostInOneTurn).toBe(1);
  });

  it('test_emails_go_out_while_registrations_keep_enqueuing_more', async () => {
    // One email every 5 ms for 1.5 s (200 a second, a registration burst): each enqueue rings
    // the relay. The wake-ups must not keep pushing its next run back past the stream's end.
    const relay = startRelay(deps, { intervalMs: 60_000 });
    try {
      await sleep(50);
      const end = Date.now() + 1500;
      let enqueued = 0;
      while (Date.now() < end) {
        await enqueueEmail(testDb.db, email(enqueued++), clock.now());
        await sleep(5);
      }
      const sentDuringStream = resend.emails.length;
      expect(enqueued).toBeGreaterThan(100);
      expect(sentDuringStream).toBeGreaterThan(enqueued / 2);
      await until(() => resend.emails.length === enqueued);
    } finally {
      await relay.stop();
    }
    expect(new Set(resend.emails.map((e) => e.to)).size).toBe(resend.emails.length);
  });
});
