/**
 * A Stripe webhook delivery → HTTP answer. The signature is checked on the raw body:
 * anything unverified gets 400 and changes nothing. When Stripe cannot be reached to
 * re-fetch the checkout the answer is 500, nothing is recorded, and Stripe retries.
 */
import type { Deps } from '../deps.ts';
import { PaymentProviderError } from './gateway.ts';
import { handleStripeEvent } from './checkout-events.service.ts';
import { InvalidWebhookSignature, verifyStripeWebhook } from './stripe-gateway.ts';

export interface WebhookAnswer {
  status: number;
  body: string;
  /** for the server log: event id, type and outcome, no personal data */
  log?: string | undefined;
}

export async function processStripeWebhook(deps: Deps, raw: string, signature: string | null, secret: string): Promise<WebhookAnswer> {
  let event;
  try {
    event = verifyStripeWebhook(raw, signature, secret);
  } catch (error) {
    if (error instanceof InvalidWebhookSignature) return { status: 400, body: 'Invalid signature.' };
    throw error;
  }
  try {
    const outcome = await handleStripeEvent(deps, event);
    const checkout = event.data.object.object === 'checkout.session' ? ` checkout ${event.data.object.id}` : '';
    const notes: Partial<Record<typeof outcome, string>> = {
      unknown: `stripe event ${event.id} (${event.type}) for${checkout} that Stripe or no registration knows: recorded, nothing changed`,
      'refunded-duplicate': `stripe event ${event.id} (${event.type}):${checkout} paid a registration already paid; refunded as a duplicate`,
    };
    return { status: 200, body: JSON.stringify({ received: true, outcome }), log: notes[outcome] };
  } catch (error) {
    const reason = error instanceof PaymentProviderError ? 'provider unavailable' : error instanceof Error ? error.name : 'unknown';
    return { status: 500, body: 'Try again later.', log: `stripe event ${event.id} (${event.type}) not processed: ${reason}` };
  }
}
