/**
 * The ticket behind a code, as check-in sees it: who it admits and whether it admits them at a
 * given point. A registration admits one person at the entrance and in the parallel sessions it
 * holds a seat in; a visit booking admits its party at the 12345 center.
 */
import type { BookingTable, RegistrationTable } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import { storedVisitors } from '../visits/booking-visitors.ts';
import type { AttendeeCard, CheckInPoint, RefusalReason } from './checkin.types.ts';

export type Ticket = { kind: 'registration'; row: RegistrationTable; sessions: string[] } | { kind: 'booking'; row: BookingTable };

/** Parallel sessions the registration holds a seat in. */
async function seatedSessions(db: Executor, row: RegistrationTable): Promise<string[]> {
  const rows = await db
    .selectFrom('session_choice')
    .select('session_id')
    .where('registration_id', '=', row.id)
    .where('status', '=', 'seated')
    .execute();
  return rows.map((r) => r.session_id);
}

export async function findTicket(db: Executor, edition: string, id: string): Promise<Ticket | undefined> {
  const reg = await db.selectFrom('registration').selectAll().where('id', '=', id).where('edition', '=', edition).executeTakeFirst();
  if (reg) return { kind: 'registration', row: reg, sessions: await seatedSessions(db, reg) };
  const booking = await db.selectFrom('booking').selectAll().where('id', '=', id).where('edition', '=', edition).executeTakeFirst();
  return booking ? { kind: 'booking', row: booking } : undefined;
}

export function attendeeCard(ticket: Ticket): AttendeeCard {
  if (ticket.kind === 'registration') {
    const r = ticket.row;
    return {
      kind: 'registration',
      id: r.id,
      name: r.name,
      organization: r.organization,
      category: r.category_id,
      ticket: r.ticket_id,
      sessions: ticket.sessions,
      accessibility: r.accessibility,
      people: 1,
    };
  }
  const b = ticket.row;
  const visitors = storedVisitors(b);
  return {
    kind: 'booking',
    id: b.id,
    name: b.contact_name,
    organization: b.organization || (visitors[0]?.organization ?? ''),
    sessions: [],
    slotId: b.slot_id,
    accessibility: b.accessibility,
    people: b.party_size,
  };
}

const registrationRefusal: Record<RegistrationTable['status'], RefusalReason | null> = {
  confirmed: null,
  unconfirmed: 'unconfirmed',
  pending_payment: 'unpaid',
  awaiting_approval: 'awaiting-approval',
  waitlisted: 'waitlisted',
  cancelled: 'cancelled',
  expired: 'cancelled',
  lapsed: 'cancelled',
};

const bookingRefusal: Record<BookingTable['status'], RefusalReason | null> = {
  confirmed: null,
  unconfirmed: 'unconfirmed',
  waitlisted: 'waitlisted',
  cancelled: 'cancelled',
  lapsed: 'cancelled',
};

/** null when the ticket admits its holder at this point, else why not. */
export function refusalAt(ticket: Ticket, point: CheckInPoint): RefusalReason | null {
  if (ticket.kind === 'booking') return point.kind === 'center' ? bookingRefusal[ticket.row.status] : 'not-for-this-point';
  if (point.kind === 'center') return 'not-for-this-point';
  const status = registrationRefusal[ticket.row.status];
  if (status) return status;
  if (point.kind === 'session' && !ticket.sessions.includes(point.sessionId ?? '')) return 'not-for-this-point';
  return null;
}
