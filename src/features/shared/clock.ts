export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The last instant iso() wrote: a registration writes the same `now` into many columns. */
let lastTime = NaN;
let lastText = '';

/** ISO-8601 UTC with milliseconds: sorts correctly as text in both databases. */
export function iso(date: Date): string {
  const time = date.getTime();
  // An invalid date (NaN) never matches: toISOString throws for it, as before.
  if (time !== lastTime) {
    lastText = date.toISOString();
    lastTime = time;
  }
  return lastText;
}

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}

/** minutes after now (ISO), or null when minutes is 0 (no deadline). */
export function deadline(now: Date, minutes: number): string | null {
  return minutes > 0 ? iso(addMinutes(now, minutes)) : null;
}
