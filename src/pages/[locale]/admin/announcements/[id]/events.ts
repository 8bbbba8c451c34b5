/**
 * Progress of an announcement as server-sent events (registration:write): `sent`, `failed`,
 * `total` read from its outbox rows every second, a comment line every 15 s for proxies, and
 * the stream ends once every email is sent or failed, or when the browser goes away.
 * Not compressed (server.mjs filters text/event-stream; no-transform says the same to proxies).
 */
import type { APIRoute } from 'astro';
import { isLocale } from '../../../../../i18n/t.ts';
import { can } from '../../../../../features/staff/roles.ts';
import { currentStaff } from '../../../../../server/staff.ts';
import { progressOf } from '../../../../../server/views/admin-announcements.ts';
import type { AnnouncementProgress } from '../../../../../features/announcements/announcement.types.ts';

export const prerender = false;

const TICK_MS = 1000;
const KEEPALIVE_MS = 15_000;

/** Progress every second until done or the browser goes away; a comment line keeps proxies from closing it. */
function progressStream(id: string, first: AnnouncementProgress, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  let keepalive: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    clearInterval(timer);
    clearInterval(keepalive);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        stop();
        try {
          controller.close();
        } catch {
          // the browser already went away
        }
      };
      const send = (data: object) => controller.enqueue(encoder.encode(`event: progress\ndata: ${JSON.stringify(data)}\n\n`));
      send(first);
      if (first.done) return close();
      timer = setInterval(() => {
        progressOf(id)
          .then((p) => {
            if (closed) return;
            send(p);
            if (p.done) close();
          })
          .catch(() => close());
      }, TICK_MS);
      keepalive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': keep-alive\n\n'));
      }, KEEPALIVE_MS);
      signal.addEventListener('abort', close, { once: true });
    },
    cancel: stop,
  });
}

export const GET: APIRoute = async (context) => {
  const { locale, id } = context.params;
  if (!isLocale(locale) || !id) return new Response(null, { status: 404 });
  const staff = await currentStaff(context);
  if (!staff) return new Response(null, { status: 401, headers: { 'Cache-Control': 'no-store' } });
  if (!can(staff.role, 'registration:write')) return new Response(null, { status: 403, headers: { 'Cache-Control': 'no-store' } });
  const first = await progressOf(id).catch(() => undefined);
  if (!first) return new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });

  const body = progressStream(id, first, context.request.signal);
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
};
