/**
 * Payment holds and double payments, on both databases, with the real Stripe SDK against the
 * local fake: a hold cannot be renewed forever, a new checkout closes the previous one at
 * Stripe, a second paid checkout is refunded once, production never applies a simulated
 * checkout, and events for checkouts nobody knows change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeGateway } from '../../src/features/payments/stripe-gateway.ts';
import { createSimulatedGateway } from '../../src/features/payments/simulated-gateway.ts';
import { processStripeWebhook } from '../../src/features/payments/webhook.ts';
import { startCheckout, sweepExpiredHolds } from '../../src/features/payments/payment.service.ts';
import { paySimulatedCheckout } from '../../src/features/payments/checkout-events.service.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { findRegistration } from '../../src/features/registration/registration.repository.ts';
import { seatsLeft, sessionCapacityId } from '../../src/features/capacity/capacity.repository.ts';
import { makeCheckoutEvent, signedStripeEvent, startFakeStripe, type FakeStripe } from '../fixtures/fake-stripe.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { form, makeCatalog, makeDeps, type TestDeps } from '../support/deps.ts';
import { rejects } from '../support/domain.ts';

const secret = 'whsec_test_secret';
const MINUTE = 60_000;

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe.each(dialects)('payment holds and double payments on %s', (dialect) => {
  let t: TestDb;
  let stripe: FakeStripe;

  beforeAll(async () => {
    t = await createTestDb(dialect);
    stripe = await startFakeStripe();
  });
  afterAll(async () => {
    await stripe.stop();
    await t.drop();
  });

  /** Stripe-backed services on a clock of their own (the fake Stripe checks expiries against real time). */
  const stripeDeps = (organizerEmail?: string) =>
    makeDeps(t, {
      catalog: makeCatalog({ parallelSeats: 10, mainSeats: 10, eventYear: new Date().getUTCFullYear() + 1 }),
      payments: createStripeGateway({ secretKey: 'sk_test_forum', apiBase: stripe.url }),
      now: new Date(),
    }).then((deps) => ({ ...deps, config: { ...deps.config, organizerEmail } }));

  const paymentsOf = (registrationId: string) =>
    t.db.selectFrom('payment').selectAll().where('registration_id', '=', registrationId).orderBy('created_at').orderBy('id').execute();

  const deliver = (deps: TestDeps, event: object) => {
    const { body, signature } = signedStripeEvent(event, secret);
    return processStripeWebhook(deps, body, signature, secret);
  };

  const taken = async (session: string) => (await seatsLeft(t.db, [sessionCapacityId(session)])).get(sessionCapacityId(session))!.taken;

  it('test_pressing_pay_with_under_a_minute_left_cannot_hold_the_seat_past_twice_hold_minutes_from_the_first_checkout', async () => {
    const deps = await stripeDeps();
    const seatsBefore = await taken('p1');
    const reg = await register(deps, form({ ticket: 'paid', session: 'p1' }), 'client');
    const firstCheckout = deps.clock.now().getTime();
    await startCheckout(deps, reg.personId, 'en');
    const limit = firstCheckout + 2 * deps.config.holdMinutes * MINUTE;
    let refusal;
    for (let press = 0; press < 10 && !refusal; press++) {
      const current = (await findRegistration(t.db, reg.registrationId))!;
      expect(Date.parse(current.hold_expires_at!)).toBeLessThanOrEqual(limit);
      // 30 seconds before the hold ends, press "Pay" again.
      deps.clock.set(new Date(Date.parse(current.hold_expires_at!) - 30_000));
      refusal = await startCheckout(deps, reg.personId, 'en').then(
        () => undefined,
        (error: unknown) => error,
      );
    }
    expect(refusal).toMatchObject({ code: 'HoldExpired' });
    // The seat went back; the registration may be made again and compete for it.
    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('expired');
    expect(await taken('p1')).toBe(seatsBefore);
    for (const payment of await paymentsOf(reg.registrationId)) {
      expect(payment.status).toBe('expired');
      expect(stripe.sessions.get(payment.checkout_id!)?.status).toBe('expired');
    }
  });

  it('test_a_new_checkout_expires_the_previous_one_at_stripe_with_an_idempotency_key', async () => {
    const deps = await stripeDeps();
    const reg = await register(deps, form({ ticket: 'paid' }), 'client');
    const first = await startCheckout(deps, reg.personId, 'en');
    const [previous] = await paymentsOf(reg.registrationId);
    deps.clock.set(new Date(Date.parse(previous.expires_at) - 30_000));
    const second = await startCheckout(deps, reg.personId, 'en');
    expect(second).not.toBe(first);
    expect(stripe.sessions.get(previous.checkout_id!)?.status).toBe('expired');
    const expire = stripe.requests.find((r) => r.path === `/v1/checkout/sessions/${previous.checkout_id}/expire`);
    expect(expire?.idempotencyKey).toBe(`expire-${previous.id}`);
    expect((await paymentsOf(reg.registrationId)).map((p) => p.status)).toEqual(['expired', 'open']);
  });

  it('test_two_paid_checkouts_of_one_registration_refund_the_second_once_and_tell_the_organizers', async () => {
    const deps = await stripeDeps('organizers@forum.test');
    const reg = await register(deps, form({ ticket: 'paid' }), 'client');
    await startCheckout(deps, reg.personId, 'en');
    const [a] = await paymentsOf(reg.registrationId);
    deps.clock.set(new Date(Date.parse(a.expires_at) - 30_000));
    await startCheckout(deps, reg.personId, 'en');
    const [, b] = await paymentsOf(reg.registrationId);
    // Both pages were paid (the first a moment before its expiry reached Stripe).
    stripe.complete(a.checkout_id!, 'paid');
    stripe.complete(b.checkout_id!, 'paid');
    const refundsBefore = stripe.refunds.size;
    const events = [a, b].map((p) => makeCheckoutEvent('checkout.session.completed', stripe.sessions.get(p.checkout_id!)));
    const deliveries = shuffle(events.flatMap((e) => [e, e]));
    const answers = [...(await Promise.all(deliveries.slice(0, 2).map((e) => deliver(deps, e))))];
    for (const e of deliveries.slice(2)) answers.push(await deliver(deps, e));
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200, 200]);

    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('confirmed');
    expect(stripe.refunds.size - refundsBefore).toBe(1);
    const payments = await paymentsOf(reg.registrationId);
    expect(payments.map((p) => p.status).sort()).toEqual(['paid', 'refunded']);
    const refunded = payments.find((p) => p.status === 'refunded')!;
    expect(refunded.refund_reason).toBe('duplicate');
    const refund = [...stripe.refunds.values()].at(-1);
    expect(refund.payment_intent).toBe(refunded.payment_intent);
    expect(stripe.requests.filter((r) => r.path === '/v1/refunds').at(-1)?.idempotencyKey).toBe(`refund-${refunded.id}`);
    // The attendee hears of one payment; the organizers of the refund, by ids only.
    const outbox = await t.db.selectFrom('outbox').select(['kind', 'recipient', 'payload']).execute();
    const attendee = outbox.filter((m) => JSON.parse(m.payload).registrationId === reg.registrationId);
    expect(attendee.filter((m) => m.kind === 'registration-confirmed')).toHaveLength(1);
    expect(attendee.filter((m) => m.kind === 'payment-received')).toHaveLength(0);
    const alerts = attendee.filter((m) => m.kind === 'organizer-duplicate-payment');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].recipient).toBe('organizers@forum.test');
    expect(JSON.parse(alerts[0].payload)).toEqual({
      registrationId: reg.registrationId,
      paymentId: refunded.id,
      amount: expect.stringMatching(/^CNY\s1,200\.00$/),
    });
    expect(answers.map((x) => x.log).filter(Boolean)).toEqual([expect.stringMatching(/refunded as a duplicate$/)]);
    expect(answers.map((x) => x.log ?? '').join(' ')).not.toContain('@');
  });

  it('test_a_signed_event_for_a_checkout_stripe_does_not_know_gets_200_and_changes_nothing', async () => {
    const deps = await stripeDeps();
    const reg = await register(deps, form({ ticket: 'paid' }), 'client');
    await startCheckout(deps, reg.personId, 'en');
    const before = { registration: await findRegistration(t.db, reg.registrationId), payments: await paymentsOf(reg.registrationId) };
    const unknown = makeCheckoutEvent('checkout.session.completed', {
      id: 'cs_test_nobody_knows',
      object: 'checkout.session',
      status: 'complete',
      payment_status: 'paid',
      client_reference_id: reg.registrationId,
    });
    const answer = await deliver(deps, unknown);
    expect(answer.status).toBe(200);
    expect(answer.log).toMatch(/^stripe event evt_\w+ \(checkout\.session\.completed\) for checkout cs_test_nobody_knows/);
    // Stripe knows this one, but it belongs to no registration here.
    const foreign = await deps.payments.createCheckout({
      registrationId: 'not-ours',
      amountCents: 100,
      currency: 'CNY',
      customerEmail: 'someone@example.org',
      locale: 'en',
      description: 'elsewhere',
      successUrl: 'https://elsewhere.test/ok',
      cancelUrl: 'https://elsewhere.test/cancel',
      expiresAt: new Date(Date.now() + 40 * MINUTE),
      idempotencyKey: `foreign-${Date.now()}`,
    });
    stripe.complete(foreign.id, 'paid');
    const refundsBefore = stripe.refunds.size;
    const other = await deliver(deps, makeCheckoutEvent('checkout.session.completed', stripe.sessions.get(foreign.id)));
    expect(other.status).toBe(200);
    expect(await findRegistration(t.db, reg.registrationId)).toEqual(before.registration);
    expect(await paymentsOf(reg.registrationId)).toEqual(before.payments);
    expect(stripe.refunds.size).toBe(refundsBefore);
  });
});

describe.each(dialects)('simulated checkouts in production on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.drop());

  it('test_production_refuses_a_simulated_checkout_made_before_on_the_same_data', async () => {
    const deps = await makeDeps(t);
    const reg = await register(deps, form({ ticket: 'paid' }), 'client');
    await startCheckout(deps, reg.personId, 'en');
    const payment = await t.db
      .selectFrom('payment')
      .selectAll()
      .where('registration_id', '=', reg.registrationId)
      .executeTakeFirstOrThrow();
    // The same data, now served in production (still without Stripe keys).
    const production: TestDeps = {
      ...deps,
      config: { ...deps.config, production: true },
      payments: createSimulatedGateway(t.db, { siteUrl: deps.config.siteUrl, clock: deps.clock }),
    };
    await rejects(paySimulatedCheckout(production, payment.checkout_id!));
    expect((await rejects(startCheckout(production, reg.personId, 'en'))).code).toBe('PaymentsUnavailable');
    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('pending_payment');
    const row = await t.db.selectFrom('simulated_checkout').selectAll().where('id', '=', payment.checkout_id!).executeTakeFirstOrThrow();
    expect(row.payment_status).toBe('unpaid');
    // Paid in development before the switch: the sweep in production does not confirm it either.
    await paySimulatedCheckoutRowForTest(t, payment.checkout_id!);
    deps.clock.advance(2 * 60 * MINUTE);
    await sweepExpiredHolds(production);
    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('expired');
  });
});

/** What the simulated page's "Pay" did in development: the session is complete and paid. */
async function paySimulatedCheckoutRowForTest(t: TestDb, id: string) {
  await t.db
    .updateTable('simulated_checkout')
    .set({ status: 'complete', payment_status: 'paid', payment_intent: `sim_pi_${id.slice(-8)}` })
    .where('id', '=', id)
    .execute();
}
