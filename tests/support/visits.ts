/** Visit booking forms and database helpers for the visits tests. */
import type { Deps } from '../../src/features/deps.ts';
import type { Catalog } from '../../src/features/registration/catalog.ts';
import { bookVisit } from '../../src/features/visits/visit-booking.service.ts';
import { readCountingFailure } from '../../src/features/identity/rate-limits.ts';
import { parseBooking } from '../../src/features/visits/visits.schema.ts';
import type { BookResult, VisitSlot } from '../../src/features/visits/visits.types.ts';
import { bookingFormToRecord } from '../../src/actions/forms/visit-form.ts';
import type { TestDb } from './databases.ts';

let seq = 0;

/** A document number nobody else in the test run has: "E" + 8 digits. */
export function documentNumber(): string {
  seq += 1;
  return `E${String(process.pid % 1000).padStart(3, '0')}${String(seq).padStart(5, '0')}`;
}

/** A valid booking form for a party of `size` (visitor rows as repeated form fields). */
export function visitForm(size = 1, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  const n = seq;
  const rows = Array.from({ length: size }, (_, i) => i);
  return {
    slot: 'slot-a',
    partySize: String(size),
    'visitorName[]': rows.map((i) => `Visitor ${n}-${i}`),
    'visitorOrganization[]': rows.map(() => 'Example Bureau'),
    'documentType[]': rows.map(() => 'passport'),
    'documentNumber[]': rows.map(() => documentNumber()),
    contactName: `Contact ${n}`,
    organization: 'Example Bureau',
    email: `visitor${n}-${process.pid}@example.org`,
    phone: '+86 10 1234 5678',
    guideLanguage: 'zh',
    accessibility: '',
    consent: 'on',
    locale: 'en',
    ...overrides,
  };
}

/** The form's fields as the browser sends them: a repeated field once per value. */
export function toFormData(fields: Record<string, unknown>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined && v !== null) data.append(name, String(v));
  }
  return data;
}

/**
 * Book as the bookVisit action does: read and parse the form (one that cannot be read counts
 * its client and is refused), then book, which counts the client and the address. A refusal at
 * any step rejects the returned promise.
 */
export async function bookVisitForm(
  deps: Deps,
  fields: Record<string, unknown>,
  clientKey: string,
  personId?: string,
): Promise<BookResult> {
  const input = await readCountingFailure(deps, 'book', clientKey, () =>
    parseBooking(deps.catalog.visits.settings, bookingFormToRecord(toFormData(fields))),
  );
  return bookVisit(deps, input, clientKey, personId);
}

/** The same catalog with some slots changed (or removed, when the change returns null). */
export function withSlots(catalog: Catalog, change: (slot: VisitSlot) => VisitSlot | null): Catalog {
  const slots = catalog.visits.slots.map(change).filter((s): s is VisitSlot => s !== null);
  return { ...catalog, visits: { ...catalog.visits, slots } };
}

export async function outboxOf(t: TestDb, kind?: string) {
  const rows = await t.db.selectFrom('outbox').select(['kind', 'payload', 'recipient']).orderBy('created_at').orderBy('id').execute();
  return rows
    .filter((r) => !kind || r.kind === kind)
    .map((r) => ({ kind: r.kind, recipient: r.recipient, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

export async function bookingKinds(t: TestDb, bookingId: string): Promise<string[]> {
  return (await outboxOf(t)).filter((m) => m.payload.bookingId === bookingId).map((m) => m.kind);
}

/** Seats of a slot as the capacity row and the seat holds tell it. */
export async function slotSeats(t: TestDb, slotId: string) {
  const capacity = await t.db.selectFrom('capacity').selectAll().where('id', '=', `visit:${slotId}`).executeTakeFirstOrThrow();
  const holds = await t.db.selectFrom('seat_hold').selectAll().where('capacity_id', '=', `visit:${slotId}`).execute();
  const confirmed = await t.db
    .selectFrom('booking')
    .select(['id', 'party_size'])
    .where('slot_id', '=', slotId)
    .where('status', '=', 'confirmed')
    .execute();
  return {
    limit: capacity.seat_limit,
    taken: capacity.taken,
    held: holds.reduce((n, h) => n + h.seats, 0),
    holders: holds.map((h) => h.owner_id).sort(),
    confirmedSeats: confirmed.reduce((n, b) => n + b.party_size, 0),
    confirmedIds: confirmed.map((b) => b.id).sort(),
  };
}
