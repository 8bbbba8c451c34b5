/**
 * When registration is open: pure rules over content and the clock. Registration opens at
 * `registration.opens` (content; default: already open), closes at `registration.closes`, and
 * closes at the end of the event at the latest (the end of endDate in the event timezone), so
 * a past edition never takes new registrations.
 */
import { addDays, zonedToUtc } from '../../lib/zoned-time.ts';
import type { Catalog } from './catalog.ts';

/** before `opens`, open, past `closes` while the event is still ahead or running, past the event's end. */
export type RegistrationPhase = 'before' | 'open' | 'closed' | 'ended';

export interface RegistrationWindow {
  phase: RegistrationPhase;
  /** ISO instant registration opens; undefined = open from the start */
  opensAt: string | undefined;
  /** ISO instant registration closes: `closes`, or the event's end when that comes first or `closes` is not given */
  closesAt: string;
  /** ISO instant the event ends (midnight after endDate, event timezone) */
  endsAt: string;
}

type WindowContent = Pick<Catalog, 'opensAt' | 'closesAt'> & {
  event: Pick<Catalog['event'], 'endDate' | 'timezone'>;
};

/** The instant the event ends: the midnight that follows its endDate, in its timezone. */
export function eventEndsAt(event: Pick<Catalog['event'], 'endDate' | 'timezone'>): Date {
  return zonedToUtc(addDays(event.endDate, 1), '00:00', event.timezone);
}

/** The registration window of the catalog's edition at `now`, with the instants pages show. */
export function registrationWindow(catalog: WindowContent, now: Date): RegistrationWindow {
  const ends = eventEndsAt(catalog.event).getTime();
  const closes = catalog.closesAt ? Math.min(Date.parse(catalog.closesAt), ends) : ends;
  const opens = catalog.opensAt ? Date.parse(catalog.opensAt) : undefined;
  const t = now.getTime();
  let phase: RegistrationPhase = 'open';
  if (t >= ends) phase = 'ended';
  else if (t >= closes) phase = 'closed';
  else if (opens !== undefined && t < opens) phase = 'before';
  return {
    phase,
    opensAt: opens === undefined ? undefined : new Date(opens).toISOString(),
    closesAt: new Date(closes).toISOString(),
    endsAt: new Date(ends).toISOString(),
  };
}

/** 'before' | 'open' | 'closed' | 'ended' at `now`. */
export function registrationPhase(catalog: WindowContent, now: Date): RegistrationPhase {
  return registrationWindow(catalog, now).phase;
}
