export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO-8601 UTC with milliseconds: sorts correctly as text in both databases. */
export function iso(date: Date): string {
  return date.toISOString();
}

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}

/** minutes after now (ISO), or null when minutes is 0 (no deadline). */
export function deadline(now: Date, minutes: number): string | null {
  return minutes > 0 ? iso(addMinutes(now, minutes)) : null;
}
