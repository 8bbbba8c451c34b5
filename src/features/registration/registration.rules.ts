/** What a registration needs from the catalog: its ticket, the seats it takes and its status once seated. */
import type { RegistrationTable } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { sessionCapacityId, type SeatWant } from '../capacity/capacity.repository.ts';
import { mainSessions, type TicketInfo } from './catalog.ts';

type CatalogDeps = Pick<Deps, 'catalog'>;

/** Seats that decide a registration's status: every main-forum session (each session choice takes its own, session-choices.service.ts). */
export function seatsFor(deps: CatalogDeps): SeatWant[] {
  return mainSessions(deps.catalog).map((s) => ({ capacityId: sessionCapacityId(s.id), seats: 1 }));
}

export function ticketOf(deps: CatalogDeps, id: string): TicketInfo | undefined {
  return deps.catalog.tickets.find((t) => t.id === id);
}

/** Status once seats are secured, by ticket. */
export function seatedStatus(ticket: TicketInfo): RegistrationTable['status'] {
  if (ticket.requiresApproval) return 'awaiting_approval';
  return ticket.priceCents > 0 ? 'pending_payment' : 'confirmed';
}
