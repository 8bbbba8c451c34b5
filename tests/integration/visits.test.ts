import { rejects } from '../support/domain.ts';
import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/lib/format-instant.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { findBooking } from '../../src/features/visits/visits.repository.ts';
import { cancelBooking } from '../../src/features/visits/visit-booking.service.ts';
import { changeBooking } from '../../src/features/visits/visit-booking-change.service.ts';
import {
  cancelWithdrawnSlots,
  orphanedSlots,
  purgeIdDocuments,
  sendReminders,
  syncSlotCapacities,
} from '../../src/features/visits/visit-jobs.service.ts';
import { bookingDocumentNumbers, listBookingsOf, slotAvailability, slotManifest } from '../../src/features/visits/visit-views.service.ts';
import type { BookResult } from '../../src/features/visits/visits.types.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { form, makeCatalog, makeDeps, type TestDeps } from '../support/deps.ts';
import { bookingKinds, bookVisitForm, documentNumber, outboxOf, slotSeats, visitForm, withSlots } from '../support/visits.ts';

const visitors = (n: number, numbers = Array.from({ length: n }, () => documentNumber())) =>
  numbers.map((documentNumber, i) => ({ name: `Changed ${i}`, organization: 'Bureau', documentType: 'passport', documentNumber }));

describe.each(dialects)('visit booking under load on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect, { poolSize: 20 });
  });
  afterAll(() => t.drop());

  it('test_300_concurrent_bookings_of_1_to_5_visitors_never_oversell_30_seats', async () => {
    const deps = await makeDeps(t, { catalog: makeCatalog({ slotSeats: 30 }) });
    await syncSlotCapacities(deps);
    const sizes = Array.from({ length: 300 }, () => 1 + Math.floor(Math.random() * 5));
    const outcomes = await Promise.allSettled(sizes.map((size, i) => bookVisitForm(deps, visitForm(size), `client-${i}`)));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const results = outcomes.map((o) => (o as PromiseFulfilledResult<BookResult>).value);
    const confirmedSeats = results.reduce((n, r, i) => n + (r.status === 'confirmed' ? sizes[i] : 0), 0);
    const seats = await slotSeats(t, 'slot-a');
    expect(seats.taken).toBeLessThanOrEqual(30);
    expect(seats.taken).toBe(confirmedSeats);
    expect(seats.held).toBe(confirmedSeats);
    expect(seats.confirmedSeats).toBe(confirmedSeats);
    expect(seats.holders).toEqual(
      results
        .filter((r) => r.status === 'confirmed')
        .map((r) => r.bookingId)
        .sort(),
    );
    // Every waiting party was too big for what was left when it booked (no seat left unused
    // that a waiting party would fit in).
    const waitingSizes = sizes.filter((_, i) => results[i].status === 'waitlisted');
    expect(Math.min(...waitingSizes)).toBeGreaterThan(30 - seats.taken);
    const kinds = (await outboxOf(t)).map((m) => m.kind);
    expect(kinds.filter((k) => k === 'booking-confirmed')).toHaveLength(results.filter((r) => r.status === 'confirmed').length);
    expect(kinds.filter((k) => k === 'booking-waitlisted')).toHaveLength(results.filter((r) => r.status === 'waitlisted').length);
    const availability = (await slotAvailability(deps)).get('slot-a');
    expect(availability).toEqual({ capacity: 30, taken: seats.taken, left: 30 - seats.taken, waitlisted: waitingSizes.length });
  }, 120_000);
});

describe.each(dialects)('visit booking rules on %s', (dialect) => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const t of dbs) await t.drop();
  });

  async function setup(slotSeatsLimit = 6): Promise<{ t: TestDb; deps: TestDeps }> {
    const t = await createTestDb(dialect);
    dbs.push(t);
    const deps = await makeDeps(t, { catalog: makeCatalog({ slotSeats: slotSeatsLimit }) });
    await syncSlotCapacities(deps);
    return { t, deps };
  }

  it('test_form_errors_name_the_field_and_row', async () => {
    const { t, deps } = await setup();
    const missing = await rejects(
      bookVisitForm(deps, visitForm(3, { 'visitorName[]': ['Ann', ''], 'documentNumber[]': ['AB12', '12', 'CD34'] }), 'c'),
    );
    expect(missing.code).toBe('InvalidInput');
    expect(missing.fields).toEqual({
      'visitors.1.name': 'form.error.required',
      'visitors.1.documentNumber': 'form.error.document',
      'visitors.2.name': 'form.error.required',
    });
    const tooMany = await rejects(bookVisitForm(deps, visitForm(6), 'c'));
    expect(tooMany.fields.partySize).toBe('form.error.partySize');
    const noGuide = await rejects(bookVisitForm(deps, visitForm(1, { slot: 'slot-b', guideLanguage: 'en' }), 'c'));
    expect(noGuide.fields).toEqual({ guideLanguage: 'form.error.guideLanguage' });
    const unknown = await rejects(bookVisitForm(deps, visitForm(1, { slot: 'nope', 'documentType[]': ['visa'], consent: '' }), 'c'));
    expect(unknown.fields).toEqual({ 'visitors.0.documentType': 'form.error.choice', consent: 'form.error.consent' });
    expect((await rejects(bookVisitForm(deps, visitForm(1, { slot: 'nope' }), 'c'))).fields).toEqual({ slot: 'form.error.choice' });
    // Rows beyond the party size are ignored (a form without JavaScript shows them all).
    const extra = await bookVisitForm(
      deps,
      visitForm(1, { 'visitorName[]': ['Ann', 'Bob', ''], 'documentType[]': ['passport', ''], 'documentNumber[]': ['AB123', ''] }),
      'c',
    );
    const [view] = await listBookingsOf(deps, extra.personId);
    expect(view?.visitors).toEqual([{ name: 'Ann', organization: 'Example Bureau', documentType: 'passport', hasDocument: true }]);
    expect(await t.db.selectFrom('booking').select('id').execute()).toHaveLength(1);
  });

  it('test_a_person_books_a_slot_once_also_when_racing_and_after_start_the_slot_is_closed', async () => {
    const { t, deps } = await setup();
    const f = visitForm(1);
    const both = await Promise.allSettled([
      bookVisitForm(deps, f, 'c1'),
      bookVisitForm(deps, { ...f, email: String(f.email).toUpperCase() }, 'c2'),
    ]);
    // Both answered alike (no error that would tell the second sender the address is known);
    // one booking is made, and its owner is emailed their link about the other.
    const made = both.map((o) => (o.status === 'fulfilled' ? o.value.created : 'refused'));
    expect(made.sort()).toEqual([false, true]);
    expect(await t.db.selectFrom('booking').select('id').execute()).toHaveLength(1);
    expect(await outboxOf(t, 'access-link')).toHaveLength(1);
    // A different slot is fine; after cancelling, the same slot can be booked again.
    const other = await bookVisitForm(deps, { ...f, slot: 'slot-b' }, 'c1');
    await cancelBooking(deps, other.personId, other.bookingId);
    expect((await bookVisitForm(deps, { ...f, slot: 'slot-b' }, 'c1')).status).toBe('confirmed');
    deps.clock.set(new Date('2024-12-20T06:00:00Z')); // slot-a starts at 14:00 Beijing time
    expect((await rejects(bookVisitForm(deps, visitForm(1), 'c3'))).code).toBe('SlotClosed');
    const closed = withSlots(deps.catalog, (s) => ({ ...s, bookingCloses: '2024-11-01T10:00:00+08:00' }));
    deps.clock.set(new Date('2024-11-01T02:00:01Z'));
    expect((await rejects(bookVisitForm({ ...deps, catalog: closed }, visitForm(1), 'c4'))).code).toBe('SlotClosed');
  });

  it('test_size_change_without_a_list_keeps_the_first_visitors_and_asks_for_newcomers', async () => {
    const { deps } = await setup(10);
    const a = await bookVisitForm(deps, visitForm(3), 'c');
    await changeBooking(deps, a.personId, a.bookingId, { partySize: 2 });
    const [smaller] = await listBookingsOf(deps, a.personId);
    expect(smaller?.visitors).toHaveLength(2);
    expect(smaller?.visitors.every((v) => v.hasDocument)).toBe(true);
    expect((await rejects(changeBooking(deps, a.personId, a.bookingId, { partySize: 3 }))).fields).toMatchObject({
      visitors: 'form.error.partySize',
    });
    await changeBooking(deps, a.personId, a.bookingId, {
      partySize: 3,
      addVisitors: [{ name: 'Newcomer', organization: 'Org', documentType: 'passport', documentNumber: 'N1234567' }],
    });
    const [bigger] = await listBookingsOf(deps, a.personId);
    expect(bigger?.visitors.map((v) => v.name).at(-1)).toBe('Newcomer');
    expect(bigger?.partySize).toBe(3);
  });

  it('test_party_size_change_beyond_the_seats_left_is_refused_and_changes_nothing', async () => {
    const { t, deps } = await setup(6);
    const a = await bookVisitForm(deps, visitForm(4), 'c');
    const b = await bookVisitForm(deps, visitForm(2), 'c');
    const waiting = await bookVisitForm(deps, visitForm(1), 'c');
    expect([a.status, b.status, waiting.status]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    const before = { row: await findBooking(t.db, a.bookingId), seats: await slotSeats(t, 'slot-a'), mails: (await outboxOf(t)).length };

    const error = await rejects(changeBooking(deps, a.personId, a.bookingId, { partySize: 5, visitors: visitors(5) }));
    expect(error.code).toBe('PartyTooLarge');
    expect(await findBooking(t.db, a.bookingId)).toEqual(before.row);
    expect(await slotSeats(t, 'slot-a')).toEqual(before.seats);
    expect((await outboxOf(t)).length).toBe(before.mails);
    // A list that does not match the new size is refused.
    expect((await rejects(changeBooking(deps, a.personId, a.bookingId, { partySize: 3, visitors: visitors(2) }))).fields).toEqual({
      visitors: 'form.error.partySize',
    });
    expect((await rejects(changeBooking(deps, b.personId, a.bookingId, { partySize: 3, visitors: visitors(3) }))).code).toBe('NotFound');

    // Smaller: the freed seat goes to the waiting party, which is emailed.
    deps.clock.advance(1000); // outbox order is by time
    await changeBooking(deps, a.personId, a.bookingId, { partySize: 3, visitors: visitors(3) });
    expect(await slotSeats(t, 'slot-a')).toMatchObject({ taken: 6, held: 6, confirmedSeats: 6 });
    expect(await bookingKinds(t, a.bookingId)).toEqual(['booking-confirmed', 'booking-confirmed']);
    expect(await bookingKinds(t, waiting.bookingId)).toEqual(['booking-waitlisted', 'booking-promoted']);
    const [view] = await listBookingsOf(deps, a.personId);
    expect(view).toMatchObject({ partySize: 3, status: 'confirmed' });
    expect(view?.visitors.map((v) => v.name)).toEqual(['Changed 0', 'Changed 1', 'Changed 2']);
  });

  it('test_change_slot_moves_the_seats_or_refuses_when_the_new_slot_is_full', async () => {
    const { t, deps } = await setup(6);
    const a = await bookVisitForm(deps, visitForm(2), 'c');
    await changeBooking(deps, a.personId, a.bookingId, { slotId: 'slot-b' });
    expect(await slotSeats(t, 'slot-a')).toMatchObject({ taken: 0, held: 0 });
    expect(await slotSeats(t, 'slot-b')).toMatchObject({ taken: 2, held: 2, confirmedIds: [a.bookingId] });
    expect(await bookingKinds(t, a.bookingId)).toEqual(['booking-confirmed', 'booking-confirmed']);

    const full = await bookVisitForm(deps, visitForm(5), 'c'); // slot-a: 5 of 6
    expect(full.status).toBe('confirmed');
    const before = await findBooking(t.db, a.bookingId);
    expect((await rejects(changeBooking(deps, a.personId, a.bookingId, { slotId: 'slot-a' }))).code).toBe('SlotFull');
    expect(await findBooking(t.db, a.bookingId)).toEqual(before);
    expect(await slotSeats(t, 'slot-b')).toMatchObject({ taken: 2, held: 2 });
    expect(await slotSeats(t, 'slot-a')).toMatchObject({ taken: 5, held: 5 });
    // English guiding is offered only in slot-a.
    const en = await bookVisitForm(deps, visitForm(1, { guideLanguage: 'en' }), 'c');
    expect((await rejects(changeBooking(deps, en.personId, en.bookingId, { slotId: 'slot-b' }))).fields).toEqual({
      guideLanguage: 'form.error.guideLanguage',
    });
  });

  it('test_cancel_returns_the_seats_and_promotes_the_next_waiting_party_that_fits', async () => {
    const { t, deps } = await setup(6);
    // One second apart: the waiting list is first come, first served.
    const book = (size: number) => {
      deps.clock.advance(1000);
      return bookVisitForm(deps, visitForm(size), 'c');
    };
    const a = await book(4);
    const b = await book(2);
    const big = await book(3);
    const small = await book(2);
    expect([big.status, small.status]).toEqual(['waitlisted', 'waitlisted']);
    expect((await listBookingsOf(deps, small.personId))[0]?.waitlistPosition).toBe(2);

    deps.clock.advance(1000);
    await cancelBooking(deps, b.personId, b.bookingId);
    // 2 seats free: the party of 3 does not fit and keeps its place; the party of 2 does.
    expect((await findBooking(t.db, big.bookingId))?.status).toBe('waitlisted');
    expect((await findBooking(t.db, small.bookingId))?.status).toBe('confirmed');
    expect(await bookingKinds(t, small.bookingId)).toEqual(['booking-waitlisted', 'booking-promoted']);
    expect(await bookingKinds(t, b.bookingId)).toEqual(['booking-confirmed', 'booking-cancelled']);
    expect(await slotSeats(t, 'slot-a')).toMatchObject({ taken: 6, held: 6, confirmedIds: [a.bookingId, small.bookingId].sort() });
    expect((await listBookingsOf(deps, big.personId))[0]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await rejects(cancelBooking(deps, b.personId, b.bookingId))).code).toBe('NotCancellable');

    await cancelBooking(deps, a.personId, a.bookingId);
    expect((await findBooking(t.db, big.bookingId))?.status).toBe('confirmed');
    expect(await slotSeats(t, 'slot-a')).toMatchObject({ taken: 5, held: 5, confirmedSeats: 5 });
    const manifest = await slotManifest(deps, 'slot-a');
    expect(manifest).toMatchObject({ confirmedVisitors: 5, waitlistedVisitors: 0 });
    expect(manifest.bookings.map((v) => v.id)).toEqual([big.bookingId, small.bookingId]);
    expect(manifest.bookings[0]?.visitors[0]).not.toHaveProperty('documentNumber');
  });

  it('test_document_numbers_are_unreadable_in_the_database_and_purged_after_the_visit', async () => {
    const { t, deps } = await setup();
    const numbers = [documentNumber(), documentNumber()];
    const booked = await bookVisitForm(deps, visitForm(2, { 'documentNumber[]': numbers.map((n) => n.toLowerCase()) }), 'c');
    const row = await findBooking(t.db, booked.bookingId);
    expect(row?.id_purge_after).toBe('2024-12-27T23:59:59.999Z');
    expect(row?.visitors).not.toMatch(/E\d{8}/i);
    if (dialect === 'sqlite') {
      const file = t.url.replace(/^sqlite:/, '');
      const bytes = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
      expect(bytes.includes(Buffer.from(row!.contact_name))).toBe(true); // the check does see the data
      for (const n of numbers) {
        expect(bytes.includes(Buffer.from(n))).toBe(false);
        expect(bytes.includes(Buffer.from(n.toLowerCase()))).toBe(false);
      }
    } else {
      const { rows } = await import('kysely').then(({ sql }) =>
        sql<{ everything: string }>`select b::text as everything from booking b where id = ${booked.bookingId}`.execute(t.db),
      );
      for (const n of numbers) expect(rows[0].everything.toUpperCase()).not.toContain(n);
    }
    expect(await bookingDocumentNumbers(deps, booked.bookingId)).toEqual([
      { name: expect.any(String), documentType: 'passport', documentNumber: numbers[0] },
      { name: expect.any(String), documentType: 'passport', documentNumber: numbers[1] },
    ]);

    deps.clock.set(new Date('2024-12-27T23:59:00Z'));
    expect(await purgeIdDocuments(deps)).toBe(0);
    expect(await bookingDocumentNumbers(deps, booked.bookingId)).not.toBeNull();
    deps.clock.set(new Date('2024-12-28T00:00:01Z'));
    expect(await purgeIdDocuments(deps)).toBe(1);
    const purged = await findBooking(t.db, booked.bookingId);
    expect(purged).toMatchObject({ id_documents_enc: null, id_purged_at: '2024-12-28T00:00:01.000Z' });
    expect(await bookingDocumentNumbers(deps, booked.bookingId)).toBeNull();
    expect((await listBookingsOf(deps, booked.personId))[0]?.visitors.every((v) => !v.hasDocument)).toBe(true);
    expect(await purgeIdDocuments(deps)).toBe(0);
  });

  it('test_reminders_go_out_once_per_booking_the_day_before_even_when_run_concurrently', async () => {
    const { t, deps } = await setup(6);
    const a = await bookVisitForm(deps, visitForm(2), 'c');
    const b = await bookVisitForm(deps, visitForm(3), 'c');
    const waiting = await bookVisitForm(deps, visitForm(3), 'c');
    const gone = await bookVisitForm(deps, visitForm(1), 'c');
    await cancelBooking(deps, gone.personId, gone.bookingId);
    const later = await bookVisitForm(deps, visitForm(1, { slot: 'slot-b' }), 'c');
    expect(waiting.status).toBe('waitlisted');

    expect(await sendReminders(deps)).toBe(0);
    deps.clock.set(new Date('2024-12-19T05:59:59Z')); // slot-a starts 2024-12-20T06:00Z
    expect(await sendReminders(deps)).toBe(0);
    deps.clock.set(new Date('2024-12-19T06:00:00Z'));
    const [x, y] = await Promise.all([sendReminders(deps), sendReminders(deps)]);
    expect(x + y).toBe(2);
    expect(await sendReminders(deps)).toBe(0);
    const reminders = await outboxOf(t, 'booking-reminder');
    expect(reminders.map((m) => m.payload.bookingId).sort()).toEqual([a.bookingId, b.bookingId].sort());
    expect(reminders[0]?.payload.slot).toBe(formatInstant(new Date('2024-12-20T06:00:00Z'), 'en', 'Asia/Shanghai'));
    expect(reminders[0]?.payload.slot).toMatch(/14:00.*\(China Standard Time \(UTC\+8\)\)$/);
    deps.clock.set(new Date('2024-12-19T08:00:00Z')); // slot-b is due now
    expect(await sendReminders(deps)).toBe(1);
    expect(await bookingKinds(t, later.bookingId)).toEqual(['booking-confirmed', 'booking-reminder']);
    deps.clock.set(new Date('2024-12-20T06:00:00Z')); // started: too late to remind
    const late = await t.db
      .selectFrom('booking')
      .select('id')
      .where('reminder_sent_at', 'is', null)
      .where('status', '=', 'confirmed')
      .execute();
    expect(late).toEqual([]);
  });

  it('test_a_withdrawn_slot_cancels_its_bookings_once_and_removed_slots_are_reported', async () => {
    const { t, deps } = await setup(2);
    const a = await bookVisitForm(deps, visitForm(2, { slot: 'slot-b' }), 'c');
    const w = await bookVisitForm(deps, visitForm(1, { slot: 'slot-b' }), 'c');
    await bookVisitForm(deps, visitForm(1), 'c'); // slot-a is unaffected
    expect(await orphanedSlots(deps)).toEqual([]);
    expect(await orphanedSlots({ ...deps, catalog: withSlots(deps.catalog, (s) => (s.id === 'slot-b' ? null : s)) })).toEqual(['slot-b']);

    const withdrawn = { ...deps, catalog: withSlots(deps.catalog, (s) => (s.id === 'slot-b' ? { ...s, cancelled: true } : s)) };
    expect(await cancelWithdrawnSlots(withdrawn)).toBe(2);
    expect(await cancelWithdrawnSlots(withdrawn)).toBe(0);
    expect((await outboxOf(t, 'slot-cancelled')).map((m) => m.payload.bookingId).sort()).toEqual([a.bookingId, w.bookingId].sort());
    expect(await slotSeats(t, 'slot-b')).toMatchObject({ taken: 0, held: 0 });
    expect(await slotSeats(t, 'slot-a')).toMatchObject({ taken: 1 });
    expect((await findBooking(t.db, w.bookingId))?.status).toBe('cancelled');
    expect(await orphanedSlots({ ...deps, catalog: withSlots(deps.catalog, (s) => (s.id === 'slot-b' ? null : s)) })).toEqual([]);
    expect((await rejects(bookVisitForm(withdrawn, visitForm(1, { slot: 'slot-b' }), 'c'))).code).toBe('SlotClosed');
  });

  it('test_a_registered_attendee_books_as_the_same_person', async () => {
    const { t, deps } = await setup();
    const reg = await register(deps, form(), 'c');
    const registration = await t.db
      .selectFrom('registration')
      .select(['email', 'person_id'])
      .where('id', '=', reg.registrationId)
      .executeTakeFirstOrThrow();
    const booked = await bookVisitForm(deps, visitForm(2, { email: 'someone-else@example.org' }), 'c', reg.personId);
    expect(booked.personId).toBe(registration.person_id);
    expect(booked).toMatchObject({ created: true, status: 'confirmed', confirmBy: null });
    // Signed in, and already booked for the slot: a plain refusal (the person sees their bookings anyway).
    const twice = await rejects(bookVisitForm(deps, visitForm(1), 'c', reg.personId));
    expect(twice.fields).toEqual({ slot: 'form.error.alreadyBooked' });
    expect((await findBooking(t.db, booked.bookingId))?.email).toBe(registration.email);
    expect((await outboxOf(t, 'booking-confirmed'))[0]?.recipient).toBe(registration.email);
    expect(await t.db.selectFrom('person').select('id').where('email', '=', 'someone-else@example.org').execute()).toEqual([]);
    expect((await listBookingsOf(deps, reg.personId)).map((b) => b.id)).toEqual([booked.bookingId]);
    // Booking by email later finds the same person too.
    deps.clock.advance(1000);
    const again = await bookVisitForm(deps, visitForm(1, { slot: 'slot-b', email: registration.email.toUpperCase() }), 'c');
    expect(again.personId).toBe(reg.personId);
    expect((await listBookingsOf(deps, reg.personId)).map((b) => b.id)).toEqual([again.bookingId, booked.bookingId]);
  });
});
