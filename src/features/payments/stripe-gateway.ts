/**
 * Stripe Checkout behind the PaymentGateway interface. Payment methods are not listed here:
 * the account's dynamic payment methods decide (cards, Alipay, WeChat Pay where enabled).
 */
import Stripe from 'stripe';
import { PaymentProviderError, UnknownCheckout, type CheckoutRequest, type CheckoutSession, type PaymentGateway } from './gateway.ts';

export interface StripeGatewayOptions {
  secretKey: string;
  /** e.g. http://127.0.0.1:12345 — a local fake for tests; omitted in production */
  apiBase?: string;
}

const MIN_EXPIRY_S = 30 * 60 + 60; // Stripe: at least 30 min ahead; 60 s margin for clock skew
const MAX_EXPIRY_S = 24 * 60 * 60 - 60; // Stripe: at most 24 h ahead

export function createStripeGateway(options: StripeGatewayOptions): PaymentGateway {
  const stripe = new Stripe(options.secretKey, clientConfig(options.apiBase));

  return {
    provider: 'stripe',

    async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
      const params = checkoutParams(request, Date.now());
      const session = await call(() => stripe.checkout.sessions.create(params, { idempotencyKey: request.idempotencyKey }));
      return toCheckoutSession(session);
    },

    async retrieveCheckout(id: string): Promise<CheckoutSession> {
      try {
        return toCheckoutSession(await call(() => stripe.checkout.sessions.retrieve(id)));
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) {
          throw new UnknownCheckout(`Stripe has no checkout ${id}`, { cause: error });
        }
        throw error;
      }
    },

    async expireCheckout(id: string, idempotencyKey: string): Promise<void> {
      try {
        await call(() => stripe.checkout.sessions.expire(id, {}, { idempotencyKey }));
      } catch (error) {
        // Stripe refuses to expire a session that is no longer open. Rather than match its
        // message text, ask for the session: already expired or complete counts as done.
        if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
        const session = await call(() => stripe.checkout.sessions.retrieve(id));
        if (session.status !== 'expired' && session.status !== 'complete') throw error;
      }
    },

    async refund(paymentIntent: string, amountCents: number, idempotencyKey: string) {
      const refund = await call(() => stripe.refunds.create({ payment_intent: paymentIntent, amount: amountCents }, { idempotencyKey }));
      return { id: refund.id, status: refund.status ?? 'pending' };
    },
  };
}

/** One line item for the ticket; our registration id travels as client_reference_id and metadata. */
function checkoutParams(request: CheckoutRequest, nowMs: number): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [
      {
        price_data: {
          currency: request.currency.toLowerCase(),
          unit_amount: request.amountCents,
          product_data: { name: request.description },
        },
        quantity: 1,
      },
    ],
    customer_email: request.customerEmail,
    client_reference_id: request.registrationId,
    metadata: { registration_id: request.registrationId },
    locale: request.locale === 'zh-hant' ? 'zh-TW' : request.locale,
    success_url: request.successUrl,
    cancel_url: request.cancelUrl,
    expires_at: clampExpiry(request.expiresAt, nowMs),
  };
}

function clientConfig(apiBase: string | undefined): Stripe.StripeConfig {
  if (!apiBase) return { maxNetworkRetries: 2 };
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: url.port || (protocol === 'http' ? 80 : 443),
    protocol,
    maxNetworkRetries: 0,
    telemetry: false,
  };
}

/** Unix seconds, clamped into the window Stripe accepts. */
export function clampExpiry(expiresAt: Date, nowMs: number): number {
  const now = Math.floor(nowMs / 1000);
  const wanted = Math.floor(expiresAt.getTime() / 1000);
  return Math.min(Math.max(wanted, now + MIN_EXPIRY_S), now + MAX_EXPIRY_S);
}

/** Network trouble, rate limits and Stripe's own failures are retryable; anything else is a bug or bad input. */
async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (isRetryable(error)) {
      throw new PaymentProviderError(`Stripe request failed: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
}

function isRetryable(error: unknown): boolean {
  const errors = Stripe.errors;
  if (error instanceof errors.StripeConnectionError) return true;
  if (error instanceof errors.StripeAPIError) return true;
  if (error instanceof errors.StripeRateLimitError) return true;
  if (error instanceof errors.StripeError) {
    const status = error.statusCode ?? 0;
    return status === 429 || status >= 500;
  }
  return false;
}

function toCheckoutSession(session: Stripe.Checkout.Session): CheckoutSession {
  const intent = session.payment_intent;
  return {
    id: session.id,
    url: session.url ?? null,
    status: session.status === 'complete' ? 'complete' : session.status === 'expired' ? 'expired' : 'open',
    paymentStatus:
      session.payment_status === 'paid' ? 'paid' : session.payment_status === 'no_payment_required' ? 'no_payment_required' : 'unpaid',
    paymentIntent: typeof intent === 'string' ? intent : (intent?.id ?? null),
    amountTotal: session.amount_total ?? null,
    currency: session.currency ?? null,
    registrationId: session.client_reference_id ?? session.metadata?.['registration_id'] ?? null,
  };
}

/** The webhook's signature did not verify (wrong secret, tampered body, missing or stale header). */
export class InvalidWebhookSignature extends Error {
  override readonly name = 'InvalidWebhookSignature';
}

/** Verifies the Stripe-Signature header against the raw request body (default 300 s tolerance). */
export function verifyStripeWebhook(rawBody: string, signatureHeader: string | null, secret: string): Stripe.Event {
  if (!signatureHeader) throw new InvalidWebhookSignature('missing Stripe-Signature header');
  try {
    return Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret);
  } catch (error) {
    throw new InvalidWebhookSignature(`webhook signature verification failed: ${(error as Error).message}`, { cause: error });
  }
}
