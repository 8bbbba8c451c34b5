import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentProviderError, type CheckoutRequest, type PaymentGateway } from '../../src/features/payments/gateway.ts';
import { completeSimulatedCheckout, createSimulatedGateway, getSimulatedCheckout } from '../../src/features/payments/simulated-gateway.ts';
import { createStripeGateway, InvalidWebhookSignature, verifyStripeWebhook } from '../../src/features/payments/stripe-gateway.ts';
import { fakeClock } from '../fixtures/clock.ts';
import { makeCheckoutEvent, signedStripeEvent, startFakeStripe, type FakeStripe } from '../fixtures/fake-stripe.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';

const HOUR = 3_600_000;

function checkoutRequest(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return {
    registrationId: 'reg-1',
    amountCents: 80_000,
    currency: 'CNY',
    customerEmail: 'li.wei@example.org',
    locale: 'zh',
    description: 'Full pass — Beijing Forum 2024',
    successUrl: 'https://forum.test/zh/register/done/',
    cancelUrl: 'https://forum.test/zh/register/pay/',
    expiresAt: new Date(Date.now() + 2 * HOUR),
    idempotencyKey: 'checkout:reg-1:1',
    ...overrides,
  };
}

describe('Stripe gateway against the fake Stripe API', () => {
  let fake: FakeStripe;
  let gateway: PaymentGateway;
  beforeAll(async () => {
    fake = await startFakeStripe();
    gateway = createStripeGateway({ secretKey: 'sk_test_fake', apiBase: fake.url });
  });
  afterAll(() => fake.stop());

  it('test_create_sends_the_checkout_fields', async () => {
    const request = checkoutRequest();
    const session = await gateway.createCheckout(request);

    const sent = fake.requests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/checkout/sessions');
    expect(sent.idempotencyKey).toBe('checkout:reg-1:1');
    expect(sent.body).toMatchObject({
      mode: 'payment',
      line_items: [
        { price_data: { currency: 'cny', unit_amount: '80000', product_data: { name: 'Full pass — Beijing Forum 2024' } }, quantity: '1' },
      ],
      customer_email: 'li.wei@example.org',
      client_reference_id: 'reg-1',
      metadata: { registration_id: 'reg-1' },
      locale: 'zh',
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
      expires_at: String(Math.floor(request.expiresAt.getTime() / 1000)),
    });
    // Dynamic payment methods: the account decides (Alipay, WeChat Pay where enabled).
    expect(sent.body.payment_method_types).toBeUndefined();

    expect(session).toMatchObject({
      status: 'open',
      paymentStatus: 'unpaid',
      paymentIntent: null,
      amountTotal: 80_000,
      currency: 'cny',
      registrationId: 'reg-1',
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toMatch(/^https:\/\/checkout\.stripe\.test\//);
  });

  it('test_create_with_the_same_key_returns_the_same_session', async () => {
    const request = checkoutRequest({ registrationId: 'reg-2', idempotencyKey: 'checkout:reg-2:1' });
    const first = await gateway.createCheckout(request);
    const count = fake.sessions.size;
    const second = await gateway.createCheckout(request);
    expect(second.id).toBe(first.id);
    expect(fake.sessions.size).toBe(count);
    expect(fake.requests.slice(-2).map((r) => r.idempotencyKey)).toEqual(['checkout:reg-2:1', 'checkout:reg-2:1']);
  });

  it('test_expires_at_is_clamped_into_stripes_window', async () => {
    const now = Math.floor(Date.now() / 1000);
    await gateway.createCheckout(checkoutRequest({ expiresAt: new Date(Date.now() + 5 * 60_000), idempotencyKey: 'clamp-low' }));
    const low = Number(fake.requests.at(-1)!.body.expires_at);
    expect(low).toBeGreaterThanOrEqual(now + 30 * 60 + 60);
    expect(low).toBeLessThanOrEqual(now + 30 * 60 + 60 + 5);

    await gateway.createCheckout(checkoutRequest({ expiresAt: new Date(Date.now() + 48 * HOUR), idempotencyKey: 'clamp-high' }));
    const high = Number(fake.requests.at(-1)!.body.expires_at);
    expect(high).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 24 * 3600 - 60);
    expect(high).toBeGreaterThanOrEqual(now + 24 * 3600 - 60);
  });

  it('test_retrieve_reports_a_completed_payment', async () => {
    const created = await gateway.createCheckout(checkoutRequest({ idempotencyKey: 'retrieve-paid' }));
    expect((await gateway.retrieveCheckout(created.id)).paymentStatus).toBe('unpaid');
    fake.complete(created.id);
    const session = await gateway.retrieveCheckout(created.id);
    expect(session).toMatchObject({ id: created.id, status: 'complete', paymentStatus: 'paid', registrationId: 'reg-1', url: null });
    expect(session.paymentIntent).toMatch(/^pi_test_/);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v1/checkout/sessions/${created.id}` });
  });

  it('test_server_errors_and_rate_limits_are_retryable', async () => {
    fake.failNext(/^\/v1\/checkout\/sessions$/, 500);
    await expect(gateway.createCheckout(checkoutRequest({ idempotencyKey: 'fail-500' }))).rejects.toBeInstanceOf(PaymentProviderError);
    fake.failNext(/^\/v1\/checkout\/sessions$/, 503);
    await expect(gateway.createCheckout(checkoutRequest({ idempotencyKey: 'fail-503' }))).rejects.toBeInstanceOf(PaymentProviderError);
    fake.failNext(/^\/v1\/checkout\/sessions\//, 429);
    await expect(gateway.retrieveCheckout('cs_test_whatever')).rejects.toBeInstanceOf(PaymentProviderError);
    // The retry with the same key goes through once the provider recovers.
    expect((await gateway.createCheckout(checkoutRequest({ idempotencyKey: 'fail-500' }))).status).toBe('open');
  });

  it('test_bad_requests_are_not_retryable', async () => {
    fake.failNext(/^\/v1\/checkout\/sessions$/, 400);
    const failure = await gateway.createCheckout(checkoutRequest({ idempotencyKey: 'fail-400' })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PaymentProviderError);
    await expect(gateway.retrieveCheckout('cs_test_missing')).rejects.not.toBeInstanceOf(PaymentProviderError);
  });

  it('test_unreachable_stripe_is_retryable', async () => {
    const gone = await startFakeStripe();
    await gone.stop();
    const offline = createStripeGateway({ secretKey: 'sk_test_fake', apiBase: gone.url });
    await expect(offline.retrieveCheckout('cs_test_x')).rejects.toBeInstanceOf(PaymentProviderError);
  });

  it('test_refund_sends_the_idempotency_key', async () => {
    const created = await gateway.createCheckout(checkoutRequest({ idempotencyKey: 'to-refund' }));
    fake.complete(created.id);
    const { paymentIntent } = await gateway.retrieveCheckout(created.id);

    const refund = await gateway.refund(paymentIntent!, 80_000, 'refund:reg-1');
    expect(refund).toMatchObject({ status: 'succeeded' });
    expect(refund.id).toMatch(/^re_test_/);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v1/refunds',
      idempotencyKey: 'refund:reg-1',
      body: { payment_intent: paymentIntent, amount: '80000' },
    });
    expect((await gateway.refund(paymentIntent!, 80_000, 'refund:reg-1')).id).toBe(refund.id);
    expect(fake.refunds.size).toBe(1);
  });

  it('test_refund_of_an_unpaid_session_is_refused', async () => {
    await expect(gateway.refund('pi_test_unknown', 100, 'refund:nope')).rejects.not.toBeInstanceOf(PaymentProviderError);
  });

  it('test_expire_is_tolerant_of_sessions_that_already_ended', async () => {
    const open = await gateway.createCheckout(checkoutRequest({ idempotencyKey: 'to-expire' }));
    await gateway.expireCheckout(open.id, 'expire:1');
    expect(fake.requests.find((r) => r.path === `/v1/checkout/sessions/${open.id}/expire`)?.idempotencyKey).toBe('expire:1');
    expect((await gateway.retrieveCheckout(open.id)).status).toBe('expired');
    await expect(gateway.expireCheckout(open.id, 'expire:2')).resolves.toBeUndefined();

    const lapsed = await gateway.createCheckout(checkoutRequest({ idempotencyKey: 'lapsed' }));
    fake.expire(lapsed.id);
    await expect(gateway.expireCheckout(lapsed.id, 'expire:3')).resolves.toBeUndefined();

    const paid = await gateway.createCheckout(checkoutRequest({ idempotencyKey: 'paid-then-expire' }));
    fake.complete(paid.id);
    await expect(gateway.expireCheckout(paid.id, 'expire:4')).resolves.toBeUndefined();
    expect((await gateway.retrieveCheckout(paid.id)).paymentStatus).toBe('paid');

    await expect(gateway.expireCheckout('cs_test_missing', 'expire:5')).rejects.toThrow();
  });
});

describe('verifyStripeWebhook', () => {
  const secret = 'whsec_test_secret';
  const event = makeCheckoutEvent('checkout.session.completed', { id: 'cs_test_1', object: 'checkout.session', payment_status: 'paid' });

  it('test_a_correctly_signed_event_passes', () => {
    const { body, signature } = signedStripeEvent(event, secret);
    const verified = verifyStripeWebhook(body, signature, secret);
    expect(verified.id).toBe(event.id);
    expect(verified.type).toBe('checkout.session.completed');
  });

  it('test_tampered_body_wrong_secret_and_missing_header_are_refused', () => {
    const { body, signature } = signedStripeEvent(event, secret);
    expect(() => verifyStripeWebhook(body.replace('"paid"', '"unpaid"'), signature, secret)).toThrow(InvalidWebhookSignature);
    expect(() => verifyStripeWebhook(body, signature, 'whsec_other')).toThrow(InvalidWebhookSignature);
    expect(() => verifyStripeWebhook(body, null, secret)).toThrow(InvalidWebhookSignature);
    expect(() => verifyStripeWebhook(body, '', secret)).toThrow(InvalidWebhookSignature);
    expect(() => verifyStripeWebhook(body, 't=1,v1=deadbeef', secret)).toThrow(InvalidWebhookSignature);
  });
});

describe.each(dialects)('simulated gateway on %s', (dialect) => {
  let t: TestDb;
  const start = new Date('2024-11-01T08:00:00.000Z');
  const clock = fakeClock(start);
  let gateway: PaymentGateway;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    gateway = createSimulatedGateway(t.db, { siteUrl: 'https://forum.test/', clock });
  });
  afterAll(() => t.drop());

  const request = (key: string, overrides: Partial<CheckoutRequest> = {}) =>
    checkoutRequest({ idempotencyKey: key, expiresAt: new Date(start.getTime() + HOUR), ...overrides });

  it('test_create_is_idempotent_per_key', async () => {
    const first = await gateway.createCheckout(request('sim:1'));
    expect(first.id).toMatch(/^sim_cs_[0-9a-f]+$/);
    expect(first).toMatchObject({
      url: `https://forum.test/zh/pay/simulated/${first.id}/`,
      status: 'open',
      paymentStatus: 'unpaid',
      paymentIntent: null,
      amountTotal: 80_000,
      currency: 'cny',
      registrationId: 'reg-1',
    });
    const again = await gateway.createCheckout(request('sim:1'));
    expect(again).toEqual(first);
    const other = await gateway.createCheckout(request('sim:2', { locale: 'en', successUrl: 'https://forum.test/en/done/' }));
    expect(other.id).not.toBe(first.id);
    expect(other.url).toBe(`https://forum.test/en/pay/simulated/${other.id}/`);
    expect((await gateway.retrieveCheckout(other.id)).url).toBe(other.url);
  });

  it('test_complete_then_retrieve_reports_paid', async () => {
    const created = await gateway.createCheckout(request('sim:pay'));
    // "Cancel" on the simulated page only links back: the session stays open, as on Stripe.
    expect((await gateway.retrieveCheckout(created.id)).status).toBe('open');

    const paid = await completeSimulatedCheckout(t.db, created.id, clock);
    expect(paid).toMatchObject({ status: 'complete', paymentStatus: 'paid', successUrl: 'https://forum.test/zh/register/done/' });
    expect(paid?.paymentIntent).toMatch(/^sim_pi_/);
    const again = await completeSimulatedCheckout(t.db, created.id, clock);
    expect(again?.paymentIntent).toBe(paid?.paymentIntent);

    const session = await gateway.retrieveCheckout(created.id);
    expect(session).toMatchObject({ status: 'complete', paymentStatus: 'paid', paymentIntent: paid?.paymentIntent, url: null });
    expect(await getSimulatedCheckout(t.db, 'sim_cs_unknown', clock)).toBeNull();
  });

  it('test_an_unpaid_session_reads_expired_after_its_time', async () => {
    const created = await gateway.createCheckout(request('sim:late'));
    clock.advance(HOUR + 1000);
    try {
      expect((await gateway.retrieveCheckout(created.id)).status).toBe('expired');
      const late = await completeSimulatedCheckout(t.db, created.id, clock);
      expect(late).toMatchObject({ status: 'expired', paymentStatus: 'unpaid', paymentIntent: null });
    } finally {
      clock.set(start);
    }
  });

  it('test_expire_checkout_closes_an_open_session', async () => {
    const created = await gateway.createCheckout(request('sim:expire'));
    await gateway.expireCheckout(created.id, 'expire:sim');
    expect((await gateway.retrieveCheckout(created.id)).status).toBe('expired');
    expect((await completeSimulatedCheckout(t.db, created.id, clock))?.paymentStatus).toBe('unpaid');
  });

  it('test_refund_only_when_paid', async () => {
    const created = await gateway.createCheckout(request('sim:refund'));
    await expect(gateway.refund('sim_pi_nothing', 80_000, 'refund:x')).rejects.toThrow();

    const paid = await completeSimulatedCheckout(t.db, created.id, clock);
    await expect(gateway.refund(paid!.paymentIntent!, 90_000, 'refund:too-much')).rejects.toThrow();
    const refund = await gateway.refund(paid!.paymentIntent!, 80_000, 'refund:sim');
    expect(refund).toEqual({ id: expect.stringMatching(/^sim_re_/), status: 'succeeded' });
    expect((await gateway.refund(paid!.paymentIntent!, 80_000, 'refund:sim')).id).toBe(refund.id);
    expect((await getSimulatedCheckout(t.db, created.id, clock))?.refunded).toBe(true);
  });
});
