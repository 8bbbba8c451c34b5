/**
 * The roster a check-in device downloads: the point's tickets, the key that seals them on the
 * device, and when the device must forget both (the day after the event ends, event time).
 */
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { deriveKey } from '../shared/secrets.ts';
import { addDays, zonedToUtc } from '../../lib/zoned-time.ts';
import { checkInRoster } from './checkin-views.service.ts';
import type { RosterPayload } from './checkin.types.ts';

/** The key devices seal the roster with: derived per edition, so every instance hands out the same one. */
export function rosterKey(deps: Pick<Deps, 'keys' | 'catalog'>): string {
  return deriveKey(deps.keys.tickets, `checkin-roster:${deps.catalog.edition}`).toString('base64');
}

/** The end of the day after the event's last day, in the event's time zone. */
export function rosterExpiry(deps: Pick<Deps, 'catalog'>): string {
  const { endDate, timezone } = deps.catalog.event;
  return iso(zonedToUtc(addDays(endDate, 2), '00:00', timezone));
}

export async function rosterPayload(deps: Deps, pointId: string): Promise<RosterPayload> {
  const entries = await checkInRoster(deps, pointId);
  return { pointId, key: rosterKey(deps), expiresAt: rosterExpiry(deps), at: iso(deps.clock.now()), entries };
}
