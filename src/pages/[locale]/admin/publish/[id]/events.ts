/**
 * Progress of a publish as server-sent events (content:write): state and progress lines read
 * from the revision every second, a comment line every 15 s for proxies; the stream ends when
 * the revision is published or failed, or when the browser goes away.
 * Not compressed (server.mjs filters text/event-stream; no-transform says the same to proxies).
 */
import type { APIRoute } from 'astro';
import { isLocale, t, type MessageKey } from '../../../../../i18n/t.ts';
import type { Locale } from '../../../../../i18n/locale.ts';
import { can } from '../../../../../features/staff/roles.ts';
import { currentStaff } from '../../../../../server/staff.ts';
import { isFinished, revisionStatus, type PublishStatus } from '../../../../../server/publishing.ts';

export const prerender = false;

const TICK_MS = 1000;
const KEEPALIVE_MS = 15_000;

const eventOf = (locale: Locale, s: PublishStatus) => ({
  state: s.state,
  stateLabel: t(locale, `publishing.state.${s.state}` as MessageKey),
  log: s.log,
  finished: isFinished(s.state),
});

function progressStream(locale: Locale, id: number, first: PublishStatus, signal: AbortSignal): ReadableStream<Uint8Array> {
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
      const send = (s: PublishStatus) =>
        controller.enqueue(encoder.encode(`event: progress\ndata: ${JSON.stringify(eventOf(locale, s))}\n\n`));
      send(first);
      if (isFinished(first.state)) return close();
      timer = setInterval(() => {
        revisionStatus(id)
          .then((s) => {
            if (closed || !s) return close();
            send(s);
            if (isFinished(s.state)) close();
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
  const revisionId = Number(id);
  if (!isLocale(locale) || !Number.isInteger(revisionId) || revisionId < 1) return new Response(null, { status: 404 });
  const staff = await currentStaff(context);
  if (!staff) return new Response(null, { status: 401, headers: { 'Cache-Control': 'no-store' } });
  if (!can(staff.role, 'content:write')) return new Response(null, { status: 403, headers: { 'Cache-Control': 'no-store' } });
  const first = await revisionStatus(revisionId);
  if (!first) return new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return new Response(progressStream(locale, revisionId, first, context.request.signal), {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
};
