/**
 * Server-sent events for the progress of a long job (an announcement, a publish): the state
 * read every second, a comment line every 15 s for proxies; the stream ends when the job is
 * done, its state is gone, or the browser goes away. Not compressed (server.mjs filters
 * text/event-stream; no-transform says the same to proxies).
 */
const TICK_MS = 1000;
const KEEPALIVE_MS = 15_000;

export interface ProgressSource<T> {
  first: T;
  /** the latest state; undefined ends the stream */
  next: () => Promise<T | undefined>;
  done: (state: T) => boolean;
  /** what the browser receives as the `progress` event's JSON */
  event: (state: T) => object;
  signal: AbortSignal;
}

function progressStream<T>({ first, next, done, event, signal }: ProgressSource<T>): ReadableStream<Uint8Array> {
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
      const send = (state: T) => controller.enqueue(encoder.encode(`event: progress\ndata: ${JSON.stringify(event(state))}\n\n`));
      send(first);
      if (done(first)) return close();
      timer = setInterval(() => {
        next()
          .then((state) => {
            if (closed) return;
            if (state === undefined) return close();
            send(state);
            if (done(state)) close();
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

/** The event-stream response, with the headers that keep proxies from buffering it. */
export function progressResponse<T>(source: ProgressSource<T>): Response {
  return new Response(progressStream(source), {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
