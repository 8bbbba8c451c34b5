import type { APIRoute } from 'astro';
import { services } from '../../../server/services.ts';
import { settings } from '../../../server/config.ts';
import { log } from '../../../server/log.ts';
import { verifyStripeWebhook, InvalidWebhookSignature } from '../../../features/payments/stripe-gateway.ts';
import { handleStripeEvent } from '../../../features/payments/payment.service.ts';
import { PaymentProviderError } from '../../../features/payments/gateway.ts';

export const prerender = false;

/**
 * Stripe → us. The signature is checked on the raw body; anything unverified gets 400 and
 * changes nothing. A 500 (Stripe unreachable while re-fetching) makes Stripe retry later.
 */
export const POST: APIRoute = async ({ request }) => {
  const secret = settings.stripe?.webhookSecret;
  if (!secret) return new Response('Stripe webhooks are not configured.', { status: 404 });
  const raw = await request.text();
  let event;
  try {
    event = verifyStripeWebhook(raw, request.headers.get('stripe-signature'), secret);
  } catch (error) {
    if (error instanceof InvalidWebhookSignature) return new Response('Invalid signature.', { status: 400 });
    throw error;
  }
  try {
    const { deps } = await services();
    const outcome = await handleStripeEvent(deps, event);
    return Response.json({ received: true, outcome });
  } catch (error) {
    const reason = error instanceof PaymentProviderError ? 'provider unavailable' : error instanceof Error ? error.name : 'unknown';
    log.error(`stripe event ${event.id} (${event.type}) not processed: ${reason}`);
    return new Response('Try again later.', { status: 500 });
  }
};
