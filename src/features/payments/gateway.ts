/**
 * What the payment service needs from a payment provider. Two implementations: Stripe
 * Checkout (stripe-gateway.ts) and the clearly labelled simulated checkout used when no
 * Stripe keys are configured (simulated-gateway.ts). Both drive the same state machine.
 */
import type { Locale } from '../../i18n/locale.ts';

export interface CheckoutRequest {
  registrationId: string;
  amountCents: number;
  currency: string;
  customerEmail: string;
  locale: Locale;
  /** line item shown on the payment page, e.g. "Full pass — Beijing Forum …" */
  description: string;
  successUrl: string;
  cancelUrl: string;
  /** when the checkout stops accepting payment (Stripe allows 30 min … 24 h ahead) */
  expiresAt: Date;
  idempotencyKey: string;
}

export interface CheckoutSession {
  id: string;
  url: string | null;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
  paymentIntent: string | null;
  amountTotal: number | null;
  currency: string | null;
  /** our registration id, from the session's client_reference_id / metadata */
  registrationId: string | null;
}

export interface Refund {
  id: string;
  status: string;
}

export interface PaymentGateway {
  readonly provider: 'stripe' | 'simulated';
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  /** always asks the provider: webhook payloads are never trusted on their own; UnknownCheckout when it has no such checkout */
  retrieveCheckout(id: string): Promise<CheckoutSession>;
  expireCheckout(id: string, idempotencyKey: string): Promise<void>;
  refund(paymentIntent: string, amountCents: number, idempotencyKey: string): Promise<Refund>;
}

/** The provider does not know this checkout (e.g. an event for a session of another account). */
export class UnknownCheckout extends Error {
  override readonly name = 'UnknownCheckout';
}

/** A provider call that failed (network, 5xx, rate limit): safe to retry later. */
export class PaymentProviderError extends Error {
  override readonly name = 'PaymentProviderError';
}
