/**
 * Progress of an announcement as server-sent events (registration:write): `sent`, `failed`,
 * `total` read from its outbox rows every second until every email is sent or failed
 * (src/server/progress-stream.ts).
 */
import type { APIRoute } from 'astro';
import { isLocale } from '../../../../../i18n/t.ts';
import { plainStatus, staffApiGate } from '../../../../../server/staff-api.ts';
import { progressResponse } from '../../../../../server/progress-stream.ts';
import { progressOf } from '../../../../../server/views/admin-announcements.ts';

export const prerender = false;

export const GET: APIRoute = async (context) => {
  const { locale, id } = context.params;
  if (!isLocale(locale) || !id) return new Response(null, { status: 404 });
  // the workspace's gate for non-page routes: an admin without the authenticator app is refused too
  const gate = await staffApiGate(context, 'registration:write');
  if ('status' in gate) return plainStatus(gate.status);
  const first = await progressOf(id).catch(() => undefined);
  if (!first) return new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return progressResponse({ first, next: () => progressOf(id), done: (p) => p.done, event: (p) => p, signal: context.request.signal });
};
