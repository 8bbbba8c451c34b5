import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeGateway } from '../../src/features/payments/stripe-gateway.ts';
import { processStripeWebhook } from '../../src/features/payments/webhook.ts';
import { startCheckout } from '../../src/features/payments/payment.service.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { findRegistration } from '../../src/features/registration/registration.repository.ts';
import { seatsLeft, sessionCapacityId } from '../../src/features/capacity/capacity.repository.ts';
import { makeCheckoutEvent, signedStripeEvent, startFakeStripe, type FakeStripe } from '../fixtures/fake-stripe.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { form, makeCatalog, makeDeps, type TestDeps } from '../support/deps.ts';

const secret = 'whsec_test_secret';

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe.each(dialects)('Stripe webhooks on %s', (dialect) => {
  let t: TestDb;
  let stripe: FakeStripe;
  let deps: TestDeps;

  beforeAll(async () => {
    t = await createTestDb(dialect);
    stripe = await startFakeStripe();
    deps = await makeDeps(t, {
      catalog: makeCatalog({ parallelSeats: 10, mainSeats: 10, eventYear: new Date().getUTCFullYear() + 1 }),
      payments: createStripeGateway({ secretKey: 'sk_test_forum', apiBase: stripe.url }),
      now: new Date(),
    });
  });
  afterAll(async () => {
    await stripe.stop();
    await t.drop();
  });

  async function pendingRegistration() {
    const reg = await register(deps, form({ ticket: 'paid', session: 'p1' }), 'client');
    const url = await startCheckout(deps, reg.personId, 'en');
    const payment = await t.db
      .selectFrom('payment')
      .selectAll()
      .where('registration_id', '=', reg.registrationId)
      .executeTakeFirstOrThrow();
    return { reg, url, checkoutId: payment.checkout_id! };
  }

  const deliver = (event: object, key = secret) => {
    const { body, signature } = signedStripeEvent(event, key);
    return processStripeWebhook(deps, body, signature, secret);
  };

  // The emails about the payment (the "please pay" one sent on registering is left out).
  const emailsFor = async (registrationId: string) =>
    (await t.db.selectFrom('outbox').select(['kind', 'payload']).execute())
      .filter((r) => JSON.parse(r.payload).registrationId === registrationId && r.kind !== 'registration-payment-due')
      .map((r) => r.kind);

  const recordedEvents = async () => (await t.db.selectFrom('stripe_event').select('id').execute()).map((r) => r.id);

  it('test_events_delivered_three_times_in_shuffled_order_confirm_once_and_email_once', async () => {
    const recordedBefore = await recordedEvents();
    const { reg, checkoutId } = await pendingRegistration();
    const created = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1);
    expect(created?.idempotencyKey).toMatch(/^checkout-/);
    stripe.complete(checkoutId, 'paid');
    const session = stripe.sessions.get(checkoutId);
    const events = [
      makeCheckoutEvent('checkout.session.completed', session),
      makeCheckoutEvent('checkout.session.async_payment_succeeded', session),
      makeCheckoutEvent('checkout.session.expired', session),
    ];
    const deliveries = shuffle(events.flatMap((e) => [e, e, e]));
    // Some at once, some one after another, as Stripe retries do.
    const answers = [
      ...(await Promise.all(deliveries.slice(0, 4).map((e) => deliver(e)))),
      ...(await Promise.all(deliveries.slice(4).map((e) => deliver(e)))),
    ];
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill(200));
    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('confirmed');
    expect(await emailsFor(reg.registrationId)).toEqual(['registration-confirmed']);
    // Each event recorded once, and nothing else: other tests' events were there before.
    const recorded = (await recordedEvents()).filter((id) => !recordedBefore.includes(id));
    expect(recorded.sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('test_forged_signature_gets_400_and_changes_nothing', async () => {
    const { reg, checkoutId } = await pendingRegistration();
    stripe.complete(checkoutId, 'paid');
    const event = makeCheckoutEvent('checkout.session.completed', stripe.sessions.get(checkoutId));
    const forged = await deliver(event, 'whsec_attacker');
    expect(forged.status).toBe(400);
    const { body, signature } = signedStripeEvent(event, secret);
    const tampered = await processStripeWebhook(deps, body.replace('"paid"', '"unpaid"'), signature, secret);
    expect(tampered.status).toBe(400);
    expect((await processStripeWebhook(deps, body, null, secret)).status).toBe(400);
    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('pending_payment');
    expect(await t.db.selectFrom('stripe_event').select('id').where('id', '=', event.id).executeTakeFirst()).toBeUndefined();
  });

  it('test_stripe_500_at_confirmation_keeps_it_pending_and_the_retry_completes_it', async () => {
    const { reg, checkoutId } = await pendingRegistration();
    stripe.complete(checkoutId, 'paid');
    const event = makeCheckoutEvent('checkout.session.completed', stripe.sessions.get(checkoutId));
    stripe.failNext(/\/v1\/checkout\/sessions\/cs_/, 500, 1);
    const first = await deliver(event);
    expect(first.status).toBe(500);
    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('pending_payment');
    const retry = await deliver(event);
    expect(retry.status).toBe(200);
    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('confirmed');
    expect(await emailsFor(reg.registrationId)).toEqual(['registration-confirmed']);
  });

  it('test_expired_checkout_releases_the_seat', async () => {
    const before = (await seatsLeft(t.db, [sessionCapacityId('p1')])).get(sessionCapacityId('p1'))!.taken;
    const { reg, checkoutId } = await pendingRegistration();
    stripe.expire(checkoutId);
    const answer = await deliver(makeCheckoutEvent('checkout.session.expired', stripe.sessions.get(checkoutId)));
    expect(answer.status).toBe(200);
    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('expired');
    expect((await seatsLeft(t.db, [sessionCapacityId('p1')])).get(sessionCapacityId('p1'))!.taken).toBe(before);
  });

  it('test_cancelling_a_paid_registration_refunds_through_stripe_with_an_idempotency_key', async () => {
    const { reg, checkoutId } = await pendingRegistration();
    stripe.complete(checkoutId, 'paid');
    await deliver(makeCheckoutEvent('checkout.session.completed', stripe.sessions.get(checkoutId)));
    const { cancelRegistration } = await import('../../src/features/payments/payment.service.ts');
    await cancelRegistration(deps, reg.personId);
    const refund = stripe.requests.find((r) => r.path === '/v1/refunds');
    expect(refund?.idempotencyKey).toMatch(/^refund-/);
    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('cancelled');
    expect(await emailsFor(reg.registrationId)).toContain('registration-cancelled');
  });

  it('test_staff_cancel_with_refund_refunds_through_stripe_once_and_audits_it', async () => {
    const { cancelByStaff } = await import('../../src/features/organizer/registration-money.service.ts');
    const { listAudit } = await import('../../src/features/staff/audit.ts');
    const { reg, checkoutId } = await pendingRegistration();
    stripe.complete(checkoutId, 'paid');
    await deliver(makeCheckoutEvent('checkout.session.completed', stripe.sessions.get(checkoutId)));
    const actor = { userId: 'staff-1', email: 'admin@example.org' };
    const refundsBefore = stripe.requests.filter((r) => r.path === '/v1/refunds').length;
    expect(await cancelByStaff(deps, actor, reg.registrationId, true)).toBe('done');
    // Asked again (a double click): nothing more is refunded.
    expect(await cancelByStaff(deps, actor, reg.registrationId, true)).toBe('already');
    const refunds = stripe.requests.filter((r) => r.path === '/v1/refunds').slice(refundsBefore);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.idempotencyKey).toMatch(/^refund-/);
    const payment = await t.db
      .selectFrom('payment')
      .selectAll()
      .where('registration_id', '=', reg.registrationId)
      .executeTakeFirstOrThrow();
    expect(payment.refund_id).toBeTruthy();
    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('cancelled');
    const logged = await listAudit(t.db, { action: 'registration.refund' });
    expect(logged.entries.map((e) => e.subjectId)).toContain(reg.registrationId);
  });
});
