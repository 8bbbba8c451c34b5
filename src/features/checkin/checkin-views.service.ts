/**
 * What check-in screens read: the roster a device keeps for offline use (only what check-in
 * needs, keyed by a hash of each ticket's code), a search by name, email or reference, and
 * live counts per point.
 */
import type { Deps } from '../deps.ts';
import { DomainError } from '../shared/domain-error.ts';
import { sha256Hex } from '../shared/secrets.ts';
import { ticketCode } from '../printouts/ticket-code.ts';
import { checkInPoints, findPoint } from './checkin-points.ts';
import { countsByPoint, listCheckInsAt } from './checkin.repository.ts';
import type { CheckInPoint, PointCount, RosterEntry } from './checkin.types.ts';
import { attendeeCard, findTicket, refusalAt, type Ticket } from './tickets.ts';

const SEARCH_LIMIT = 20;

async function ticketsOf(deps: Deps, ids: string[]): Promise<Ticket[]> {
  const found = await Promise.all(ids.map((id) => findTicket(deps.db, deps.catalog.edition, id)));
  return found.filter((t): t is Ticket => t !== undefined);
}

/** Every ticket of the edition as a device needs it at this point (registrations, or bookings at the center). */
export async function checkInRoster(deps: Deps, pointId: string): Promise<RosterEntry[]> {
  const point = findPoint(deps.catalog, pointId);
  if (!point) throw new DomainError('NotFound');
  const table = point.kind === 'center' ? 'booking' : 'registration';
  const rows = await deps.db.selectFrom(table).select('id').where('edition', '=', deps.catalog.edition).execute();
  return rosterEntries(
    deps,
    point,
    rows.map((r) => r.id),
  );
}

/** Tickets whose name, email, organization or reference (first characters of the id) match. */
export async function searchTickets(deps: Deps, pointId: string, query: string): Promise<RosterEntry[]> {
  const point = findPoint(deps.catalog, pointId);
  if (!point) throw new DomainError('NotFound');
  const q = query.trim().toLowerCase();
  if (q.length < 2) return [];
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const ref = `${q.replace(/[^a-z0-9-]/g, '')}%`;
  const ids =
    point.kind === 'center'
      ? await deps.db
          .selectFrom('booking')
          .select('id')
          .where('edition', '=', deps.catalog.edition)
          .where((eb) =>
            eb.or([
              eb(eb.fn('lower', ['contact_name']), 'like', like),
              eb(eb.fn('lower', ['email']), 'like', like),
              eb(eb.fn('lower', ['visitors']), 'like', like),
              eb('id', 'like', ref),
            ]),
          )
          .limit(SEARCH_LIMIT)
          .execute()
      : await deps.db
          .selectFrom('registration')
          .select('id')
          .where('edition', '=', deps.catalog.edition)
          .where((eb) =>
            eb.or([
              eb(eb.fn('lower', ['name']), 'like', like),
              eb(eb.fn('lower', ['email']), 'like', like),
              eb(eb.fn('lower', ['organization']), 'like', like),
              eb('id', 'like', ref),
            ]),
          )
          .limit(SEARCH_LIMIT)
          .execute();
  return rosterEntries(
    deps,
    point,
    ids.map((r) => r.id),
  );
}

/** The tickets as a device keeps them at this point: keyed by the hash of the code, with their check-in. */
async function rosterEntries(deps: Deps, point: CheckInPoint, ids: string[]): Promise<RosterEntry[]> {
  const done = new Map((await listCheckInsAt(deps.db, deps.catalog.edition, point.id)).map((c) => [c.subject_id, c]));
  return (await ticketsOf(deps, ids)).map((ticket) => ({
    codeHash: sha256Hex(ticketCode(deps.keys.tickets, ticket.row.id)),
    attendee: attendeeCard(ticket),
    refusal: refusalAt(ticket, point),
    checkedInAt: done.get(ticket.row.id)?.scanned_at ?? null,
    checkedInOn: done.get(ticket.row.id)?.device_id ?? null,
  }));
}

/** Checked-in tickets and people per point, with how many tickets admit their holder there. */
export async function checkInCounts(deps: Deps): Promise<PointCount[]> {
  const counts = new Map((await countsByPoint(deps.db, deps.catalog.edition)).map((c) => [c.pointId, c]));
  const points = checkInPoints(deps.catalog);
  const expected = await expectedPerPoint(deps);
  return points.map((p) => {
    const c = counts.get(p.id);
    return {
      pointId: p.id,
      tickets: c?.tickets ?? 0,
      people: c?.people ?? 0,
      duplicates: c?.duplicates ?? 0,
      expected: expected.get(p.id) ?? 0,
    };
  });
}

/** Tickets that admit their holder at each point (confirmed registrations, seated sessions, confirmed visits). */
async function expectedPerPoint(deps: Deps): Promise<Map<string, number>> {
  const edition = deps.catalog.edition;
  const confirmed = await deps.db
    .selectFrom('registration')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('edition', '=', edition)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  const visits = await deps.db
    .selectFrom('booking')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('edition', '=', edition)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  const seats = await deps.db
    .selectFrom('seat_hold')
    .innerJoin('registration', 'registration.id', 'seat_hold.owner_id')
    .select((eb) => ['seat_hold.capacity_id', eb.fn.countAll<string | number>().as('n')])
    .where('registration.edition', '=', edition)
    .where('registration.status', '=', 'confirmed')
    .groupBy('seat_hold.capacity_id')
    .execute();
  const expected = new Map<string, number>([
    ['entrance', Number(confirmed.n)],
    ['center', Number(visits.n)],
  ]);
  for (const s of seats) expected.set(s.capacity_id, Number(s.n));
  return expected;
}
