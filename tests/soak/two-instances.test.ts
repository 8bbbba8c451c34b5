/**
 * Two servers, one database: two instances of the built server (.upcoming/dist), each with its
 * own data folder (local mailer, logs) and the same APP_SECRET and STAFF_AUTH_SECRET, on one
 * PostgreSQL, take a mixed load for SOAK_SECONDS (default 75) with every request sent to either
 * instance at random, as a load balancer without sticky sessions would:
 *   - free registrations (distinct emails) choosing parallel sessions, most of them the
 *     smallest (it fills, and its waiting list moves), confirmed through the emailed link;
 *   - session changes and cancellations from "my registration";
 *   - paid registrations completed at a fake Stripe, whose webhook event goes to one instance,
 *     to both at once, to both one after the other, or as two events for one checkout; some
 *     then cancelled (refunded).
 * Then, once both mail relays drained the outbox, straight from PostgreSQL and the mailers'
 * folders: no 5xx nor cut connection; every acknowledged registration stored; no oversold
 * session and seats that add up; every Stripe event applied once (one payment, one receipt,
 * refunds asked once); every email sent exactly once across the two mailers.
 * Needs `npm run build:upcoming` and the PostgreSQL server binaries. About 2 minutes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCheckoutEvent, signedStripeEvent, startFakeStripe, type FakeStripe } from '../fixtures/fake-stripe.ts';
import { startCluster } from '../../scripts/pg-cluster.mjs';
import { forumServer, upcomingBuildExists, type ForumServer } from './forum-server.ts';
import { CountingClient, excerpt, MailFolders } from './soak-client.ts';
import { emailProblems, paymentProblems, readSharedState, seatProblems } from './shared-state.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 75);
/** people going through their flow at once */
const CONCURRENCY = 16;
const WEBHOOK_SECRET = 'whsec_soak_two_instances';
/** the session most registrations want: the smallest (80 seats), so it fills */
const CONTESTED = 'parallel-3';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function seatLimit(url: string, capacityId: string): Promise<number> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return Number((await db.query('select seat_limit from capacity where id = $1', [capacityId])).rows[0]?.seat_limit);
  } finally {
    await db.end();
  }
}

type Instance = { name: string; baseUrl: string; server: ForumServer; dir: string };

describe('two instances on one PostgreSQL under load', () => {
  let cluster: { url: string; stop(): void };
  let stripe: FakeStripe;
  const instances: Instance[] = [];
  let failed = true;

  beforeAll(async () => {
    if (!upcomingBuildExists()) throw new Error('.upcoming/dist is missing: run `npm run build:upcoming`');
    const t0 = Date.now();
    cluster = await startCluster();
    const t1 = Date.now();
    stripe = await startFakeStripe();
    const env = {
      DATABASE_URL: cluster.url,
      APP_SECRET: 'soak-two-instances-app-secret-0123456789',
      STAFF_AUTH_SECRET: 'soak-two-instances-staff-secret-0123456789',
      STRIPE_SECRET_KEY: 'sk_test_soak',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: stripe.url,
      RATE_LIMIT_FORMS: '1000000',
      RATE_LIMIT_EMAIL: '1000000',
      // The relays run every second (min(this, 5 s)): a magic link arrives within about a second.
      JOBS_INTERVAL_SECONDS: '1',
    };
    for (const name of ['A', 'B']) {
      const dir = mkdtempSync(join(tmpdir(), `forum-soak-${name}-`));
      const server = await forumServer({ dataDir: dir, env });
      instances.push({ name, baseUrl: server.baseUrl, server, dir });
    }
    // Both boot at once: migrations and content sync race on the one database.
    await Promise.all(instances.map((i) => i.server.start()));
    console.log(
      `[soak] PostgreSQL up in ${((t1 - t0) / 1000).toFixed(1)} s, both servers healthy ${((Date.now() - t1) / 1000).toFixed(1)} s later`,
    );
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.server.kill('SIGKILL')));
    await stripe?.stop();
    cluster?.stop();
    if (failed) console.log(`[soak] kept ${instances.map((i) => i.dir).join(' and ')} (server.log, outbox/)`);
    else for (const i of instances) rmSync(i.dir, { recursive: true, force: true });
  });

  it('test_two_instances_on_one_database_oversell_nothing_lose_nothing_and_send_and_apply_everything_once', async () => {
    const http = new CountingClient();
    const mail = new MailFolders(instances.map((i) => i.dir));
    const any = () => instances[Math.floor(Math.random() * instances.length)];

    // The time blocks and their sessions, from the form.
    const form = await http.request(any(), 'form', '/en/register/');
    const blocks: Record<string, string[]> = {};
    for (const m of form.body.matchAll(/name="session\.([a-z0-9-]+)"[^>]*value="([^"]*)"/g)) {
      if (!(blocks[m[1]] ??= []).includes(m[2])) blocks[m[1]].push(m[2]);
    }
    const contestedBlock = Object.keys(blocks).find((b) => blocks[b].includes(CONTESTED));
    expect(contestedBlock, `the form offers ${CONTESTED}: ${JSON.stringify(blocks)}`).toBeDefined();

    const acked: string[] = [];
    const refused: string[] = [];
    const completed = new Set<string>();
    /** event id → outcomes answered by the instances ("A handled", "B duplicate") */
    const deliveries = new Map<string, string[]>();
    const tally = new Map<string, number>();
    const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);
    const refuse = (what: string, answer: { status: number; location: string; body: string }) =>
      refused.push(`${what}: ${answer.status} ${answer.location} ${excerpt(answer.body)}`);

    const deliver = async (at: Instance, event: ReturnType<typeof makeCheckoutEvent>) => {
      const { body, signature } = signedStripeEvent(event, WEBHOOK_SECRET);
      const answer = await http.request(at, 'webhook', '/api/stripe/webhook', {
        body,
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      });
      const outcome = answer.status === 200 ? (JSON.parse(answer.body) as { outcome: string }).outcome : `status ${answer.status}`;
      deliveries.set(event.id, [...(deliveries.get(event.id) ?? []), `${at.name} ${outcome}`]);
    };

    /** Stripe tells the servers the checkout was paid: once, twice, at once, or as two events. */
    const notifyPaid = async (n: number, checkoutId: string) => {
      const [a, b] = Math.random() < 0.5 ? instances : [...instances].reverse();
      const session = stripe.sessions.get(checkoutId);
      const completedEvent = makeCheckoutEvent('checkout.session.completed', session);
      switch (n % 5) {
        case 0:
          count('webhook once');
          return deliver(a, completedEvent);
        case 1:
          count('webhook to both at once');
          return Promise.all([deliver(a, completedEvent), deliver(b, completedEvent)]);
        case 2:
          count('webhook redelivered to the other');
          await deliver(a, completedEvent);
          await sleep(200);
          return deliver(b, completedEvent);
        case 3:
          count('webhook twice to one');
          await Promise.all([deliver(a, completedEvent), deliver(a, completedEvent)]);
          return;
        default: {
          count('two events for one checkout');
          const succeeded = makeCheckoutEvent('checkout.session.async_payment_succeeded', session);
          await Promise.all([deliver(a, completedEvent), deliver(b, succeeded)]);
          return deliver(a, succeeded);
        }
      }
    };

    let contestedAsked = 0;
    const person = async (n: number) => {
      // Every other person registers and never opens the link (their seats stay held, unconfirmed).
      const only = n % 2 === 1;
      const paid = !only && n % 3 === 2;
      const email = `soak-${only ? 'unconfirmed' : paid ? 'paid' : 'free'}-${n}@example.org`;
      const sessions = Object.fromEntries(
        Object.entries(blocks).map(([block, offered]) => [
          `session.${block}`,
          block === contestedBlock && (only || Math.random() < 0.6) ? CONTESTED : offered[Math.floor(Math.random() * offered.length)],
        ]),
      );
      const registered = await http.request(any(), 'register', '/en/register/?_action=register', {
        form: {
          locale: 'en',
          ticket: paid ? 'full-pass' : 'general',
          ...sessions,
          name: `Soak Attendee ${n}`,
          organization: 'Example University',
          email,
          country: 'Germany',
          category: 'international',
          consent: 'on',
        },
      });
      if (registered.status !== 303) return refuse(`register ${email}`, registered);
      acked.push(email);
      if (sessions[`session.${contestedBlock}`] === CONTESTED) contestedAsked++;
      if (only) return;
      const link = await mail.linkFor(email, 60_000);
      if (!link) return void refused.push(`no link mailed to ${email}`);
      const signIn = await http.request(any(), 'sign in', `/en/my/access/${link}/?_action=signIn`, { form: { locale: 'en', token: link } });
      if (signIn.status !== 303 || !signIn.token) return refuse(`sign in ${email}`, signIn);
      const cookie = signIn.token;

      if (Math.random() < 0.4) {
        // Another session (or none) in a block, once or twice.
        for (let i = 0; i < 1 + Math.floor(Math.random() * 2); i++) {
          const [block, offered] = Object.entries(blocks)[Math.floor(Math.random() * Object.keys(blocks).length)];
          const choice = block === contestedBlock && Math.random() < 0.5 ? CONTESTED : offered[Math.floor(Math.random() * offered.length)];
          const changed = await http.request(any(), 'change session', '/en/my/?_action=changeSession', {
            form: { locale: 'en', block, [`session.${block}`]: choice },
            cookie,
          });
          if (changed.status !== 303) refuse(`change ${email} ${block}→${choice}`, changed);
          else count('session changes');
        }
      }
      if (paid) {
        const pay = await http.request(any(), 'pay', '/en/my/?_action=pay', { form: { locale: 'en' }, cookie });
        const checkoutId = /\/c\/pay\/(cs_test_[a-f0-9]+)/.exec(pay.location)?.[1];
        // Once the forum is full a new registration waits for a seat: there is nothing to pay yet.
        if (pay.status === 400 && pay.body.includes('On the waiting list')) return void count('paid tickets on the waiting list');
        if (pay.status !== 303 || !checkoutId) return refuse(`pay ${email}`, pay);
        if (Math.random() < 0.1) return void count('checkouts left unpaid');
        stripe.complete(checkoutId);
        completed.add(checkoutId);
        await notifyPaid(n, checkoutId);
        const back = await http.request(any(), 'my page', '/en/my/?paid=1', { cookie });
        if (back.status !== 200) refuse(`my page after paying ${email}`, back);
      }
      if (Math.random() < 0.2) {
        const cancelled = await http.request(any(), 'cancel', '/en/my/?_action=cancel', { form: { locale: 'en', confirm: 'on' }, cookie });
        if (cancelled.status !== 303) refuse(`cancel ${email}`, cancelled);
        else count(paid ? 'paid registrations cancelled' : 'free registrations cancelled');
      }
    };

    // The load: CONCURRENCY people at a time, each a new one as soon as the last is done, for
    // SECONDS and until more people asked for the contested session than it has seats (on a slow
    // machine that takes longer; a minute more at most).
    const seats = await seatLimit(cluster.url, `session:${CONTESTED}`);
    const started = Date.now();
    const going = () => {
      const elapsed = Date.now() - started;
      return elapsed < SECONDS * 1000 || (contestedAsked < seats + 20 && elapsed < (SECONDS + 60) * 1000);
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (going()) await person(next++);
      }),
    );
    const loadSeconds = (Date.now() - started) / 1000;

    // Both relays drain the outbox; then both servers stop gracefully.
    const db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    try {
      const drainStarted = Date.now();
      let unsent = -1;
      while (Date.now() - drainStarted < 60_000) {
        unsent = Number((await db.query(`select count(*) as n from outbox where status <> 'sent'`)).rows[0].n);
        if (unsent === 0) break;
        await sleep(250);
      }
      const drainSeconds = (Date.now() - drainStarted) / 1000;
      await Promise.all(instances.map((i) => i.server.kill('SIGTERM')));
      mail.scan();
      const state = await readSharedState(db);
      const refunds = new Map<string, number>();
      for (const r of stripe.refunds.values()) refunds.set(r.payment_intent, (refunds.get(r.payment_intent) ?? 0) + 1);

      const statuses = new Map<string, number>();
      for (const r of state.registrations) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      const contested = state.capacities.find((c) => c.id === `session:${CONTESTED}`);
      const waiting = state.choices.filter((c) => c.status === 'waiting').length;
      console.log(
        `[soak] ${next} people in ${loadSeconds.toFixed(1)} s, ${http.total()} requests (${(http.total() / loadSeconds).toFixed(1)}/s), ` +
          `outbox drained ${drainSeconds.toFixed(1)} s later\n` +
          `[soak] registrations ${state.registrations.length} (${[...statuses].map(([k, v]) => `${k} ${v}`).join(', ')}); ` +
          `${CONTESTED} ${contested?.taken}/${contested?.seat_limit} taken, ${waiting} choices waiting; ` +
          `${completed.size} checkouts paid, ${state.events.length} Stripe events, ${state.receipts.length} receipts, ${stripe.refunds.size} refunds; ` +
          `${state.outbox.length} emails (${instances.map((i) => `${i.name} ${mail.messages.filter((m) => m.dir.startsWith(i.dir)).length}`).join(', ')})\n` +
          `[soak] ${[...tally].map(([k, v]) => `${k} ${v}`).join(', ')}\n` +
          `[soak] answers by instance, request and status:\n${http.table()}\n[soak] answer times:\n${http.latencies()}`,
      );

      expect(http.serverErrors, 'answers 5xx or cut connections').toEqual([]);
      expect(refused, 'requests refused that a person would expect to succeed').toEqual([]);
      expect(unsent, 'outbox rows not sent once the load stopped').toBe(0);
      const stored = new Set(state.registrations.map((r) => r.email));
      expect(
        acked.filter((e) => !stored.has(e)),
        'acknowledged registrations missing',
      ).toEqual([]);
      expect(seatProblems(state, ['session:main-forum']), 'seats').toEqual([]);
      // Each event: applied by one delivery; every other delivery of it found it applied.
      const applied = [...deliveries].filter(([, outcomes]) => outcomes.filter((o) => !o.endsWith(' duplicate')).length !== 1);
      expect(
        applied.map(([id, outcomes]) => `${id}: ${outcomes.join(', ')}`),
        'Stripe events not applied exactly once',
      ).toEqual([]);
      expect(state.events.map((e) => e.id).sort(), 'recorded Stripe events').toEqual([...deliveries.keys()].sort());
      expect(paymentProblems(state, completed, refunds), 'payments').toEqual([]);
      expect(
        emailProblems(
          state,
          mail.messages.map((m) => ({ id: m.id, dir: m.dir })),
        ),
        'emails',
      ).toEqual([]);
      expect(contestedAsked, `registrations asking for ${CONTESTED} (${seats} seats)`).toBeGreaterThan(seats);
      expect(contested!.taken, `${CONTESTED} filled up`).toBe(contested!.seat_limit);
      failed = false;
    } finally {
      await db.end();
    }
  }, 280_000);
});
