/** What a registration needs from the catalog: its ticket, the seats it takes and its status once seated. */
import type { RegistrationTable } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { sessionCapacityId, type SeatWant } from '../capacity/capacity.repository.ts';
import { mainSessions, type TicketInfo } from './catalog.ts';

type CatalogDeps = Pick<Deps, 'catalog'>;

/** Seats a registration needs: every main-forum session plus the chosen parallel session. */
export function seatsFor(deps: CatalogDeps, sessionId: string | null): SeatWant[] {
  const ids = mainSessions(deps.catalog).map((s) => s.id);
  if (sessionId) ids.push(sessionId);
  return ids.map((id) => ({ capacityId: sessionCapacityId(id), seats: 1 }));
}

export function ticketOf(deps: CatalogDeps, id: string): TicketInfo | undefined {
  return deps.catalog.tickets.find((t) => t.id === id);
}

/** Status once seats are secured, by ticket. */
export function seatedStatus(ticket: TicketInfo): RegistrationTable['status'] {
  if (ticket.requiresApproval) return 'awaiting_approval';
  return ticket.priceCents > 0 ? 'pending_payment' : 'confirmed';
}
