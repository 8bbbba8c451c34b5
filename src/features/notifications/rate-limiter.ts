/**
 * Spaces calls evenly, at most `perSecond` a second, in the order they ask (one process; a
 * provider's limit shared with other instances is enforced by its 429 answers).
 */
export interface RateLimiter {
  /** resolves when the caller may make its request */
  take(): Promise<void>;
  /** nobody may start before `ms` from now (a provider's retry-after) */
  pause(ms: number): void;
}

export function createRateLimiter(perSecond: number, now: () => number = Date.now): RateLimiter {
  const spacing = 1000 / perSecond;
  let next = 0;
  return {
    async take() {
      const start = Math.max(now(), next);
      next = start + spacing;
      const wait = start - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    },
    pause(ms) {
      next = Math.max(next, now() + ms);
    },
  };
}
