import type { APIRoute } from 'astro';
import { services } from '../../../server/services.ts';
import { settings } from '../../../server/config.ts';
import { log } from '../../../server/log.ts';
import { processStripeWebhook } from '../../../features/payments/webhook.ts';

export const prerender = false;

/** Stripe → us (see features/payments/webhook.ts). */
export const POST: APIRoute = async ({ request }) => {
  const secret = settings.stripe?.webhookSecret;
  if (!secret) return new Response('Stripe webhooks are not configured.', { status: 404 });
  const raw = await request.text();
  const { deps } = await services();
  const answer = await processStripeWebhook(deps, raw, request.headers.get('stripe-signature'), secret);
  if (answer.log) log.error(answer.log);
  return new Response(answer.body, {
    status: answer.status,
    headers: { 'Content-Type': answer.status === 200 ? 'application/json' : 'text/plain' },
  });
};
