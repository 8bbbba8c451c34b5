import type { APIRoute } from 'astro';
import { services } from '../../../server/services.ts';
import { settings } from '../../../server/config.ts';
import { log } from '../../../server/log.ts';
import { readBodyUpTo } from '../../../server/request-body.ts';
import { processStripeWebhook } from '../../../features/payments/webhook.ts';

export const prerender = false;

/** Stripe's events are a few kilobytes; anything over this is refused unread (413). */
const MAX_BODY_BYTES = 1024 * 1024;

/** Stripe → us (see features/payments/webhook.ts). */
export const POST: APIRoute = async ({ request }) => {
  const secret = settings.stripe?.webhookSecret;
  if (!secret) return new Response('Stripe webhooks are not configured.', { status: 404 });
  const raw = await readBodyUpTo(request, MAX_BODY_BYTES);
  if (raw === undefined) {
    // The rest of the body is never read: the connection is closed with the answer.
    return new Response('Payload too large.', { status: 413, headers: { 'Content-Type': 'text/plain', Connection: 'close' } });
  }
  const { deps } = await services();
  const answer = await processStripeWebhook(deps, raw, request.headers.get('stripe-signature'), secret);
  if (answer.log) (answer.status >= 500 ? log.error : log.info)(answer.log);
  return new Response(answer.body, {
    status: answer.status,
    headers: { 'Content-Type': answer.status === 200 ? 'application/json' : 'text/plain' },
  });
};
