/**
 * Email confirmation against seat squatting: a new registration or booking holds its seats
 * unconfirmed until a link from its mailbox is opened within the window set in content
 * (registration.confirmWithin, visits.confirmWithin; 0 = off); past it, the sweep releases
 * the seats to the waiting list and tells the person, once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { issueAccessToken } from '../../src/features/identity/access.service.ts';
import { signIn } from '../../src/features/identity/sign-in.service.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { findRegistration } from '../../src/features/registration/registration.repository.ts';
import { lapseUnconfirmedRegistrations } from '../../src/features/registration/confirmation.service.ts';
import { startCheckout } from '../../src/features/payments/payment.service.ts';
import { formatInstant } from '../../src/lib/format-instant.ts';
import { seatsLeft, sessionCapacityId } from '../../src/features/capacity/capacity.repository.ts';
import { findBooking } from '../../src/features/visits/visits.repository.ts';
import { lapseUnconfirmedBookings } from '../../src/features/visits/visit-confirmation.service.ts';
import { syncSlotCapacities } from '../../src/features/visits/visit-jobs.service.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { rejects } from '../support/domain.ts';
import { form, makeCatalog, makeDeps, type TestDeps } from '../support/deps.ts';
import { bookingKinds, bookVisitForm, outboxOf, slotSeats, visitForm } from '../support/visits.ts';

const MINUTE = 60_000;

describe.each(dialects)('email confirmation on %s', (dialect) => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const t of dbs) await t.drop();
  });

  async function setup(options: { confirmWithin?: number; parallelSeats?: number; slotSeats?: number } = {}) {
    const t = await createTestDb(dialect, { poolSize: 10 });
    dbs.push(t);
    const deps = await makeDeps(t, { catalog: makeCatalog({ confirmWithin: 60, ...options, mainSeats: options.parallelSeats }) });
    await syncSlotCapacities(deps);
    return { t, deps };
  }

  const kindsOf = async (t: TestDb, registrationId: string) =>
    (await outboxOf(t)).filter((m) => m.payload.registrationId === registrationId).map((m) => m.kind);
  const taken = async (t: TestDb, session: string) =>
    (await seatsLeft(t.db, [sessionCapacityId(session)])).get(sessionCapacityId(session))?.taken;
  const openLink = async (deps: TestDeps, personId: string) => signIn(deps, await issueAccessToken(deps, personId));

  it('test_a_new_registration_holds_its_seats_unconfirmed_until_its_link_is_opened_in_time', async () => {
    const { t, deps } = await setup();
    const reg = await register(deps, form({ session: 'p1' }), 'c');
    const deadline = new Date(deps.clock.now().getTime() + 60 * MINUTE).toISOString();
    expect(reg).toMatchObject({ created: true, status: 'unconfirmed', confirmBy: deadline });
    expect(await taken(t, 'p1')).toBe(1);
    const [email] = (await outboxOf(t)).filter((m) => m.payload.registrationId === reg.registrationId);
    expect(email?.kind).toBe('registration-confirm');
    expect(email?.payload.confirmBy).toBe(formatInstant(new Date(deadline), 'en', 'Asia/Shanghai'));
    expect(email?.payload.confirmBy).toContain('11:00 (China Standard Time (UTC+8))');
    deps.clock.advance(59 * MINUTE);
    expect((await openLink(deps, reg.personId)).confirmed).toBe(1);
    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('confirmed');
    expect(await kindsOf(t, reg.registrationId)).toEqual(['registration-confirm', 'registration-confirmed']);
    // Opening a link again confirms nothing more; the sweep leaves a confirmed registration alone.
    expect((await openLink(deps, reg.personId)).confirmed).toBe(0);
    deps.clock.advance(10 * MINUTE);
    expect(await lapseUnconfirmedRegistrations(deps)).toBe(0);
  });

  it('test_without_a_confirmation_window_a_registration_and_a_booking_are_placed_at_once', async () => {
    const { deps } = await setup({ confirmWithin: 0 });
    expect(await register(deps, form({ session: 'p1' }), 'c')).toMatchObject({ created: true, status: 'confirmed', confirmBy: null });
    expect(await bookVisitForm(deps, visitForm(1), 'c')).toMatchObject({ created: true, status: 'confirmed', confirmBy: null });
  });

  it('test_a_link_opened_after_the_window_confirms_nothing_and_the_sweep_lapses_it', async () => {
    const { t, deps } = await setup();
    const reg = await register(deps, form({ session: 'p1' }), 'c');
    const booking = await bookVisitForm(deps, visitForm(1, { email: (await findRegistration(t.db, reg.registrationId))!.email }), 'c');
    deps.clock.advance(61 * MINUTE);
    expect((await openLink(deps, reg.personId)).confirmed).toBe(0);
    expect(await lapseUnconfirmedRegistrations(deps)).toBe(1);
    expect(await lapseUnconfirmedBookings(deps)).toBe(1);
    expect((await findRegistration(t.db, reg.registrationId))?.status).toBe('lapsed');
    expect((await findBooking(t.db, booking.bookingId))?.status).toBe('lapsed');
    // The address may try again.
    expect(
      (await register(deps, form({ session: 'p1', email: (await findRegistration(t.db, reg.registrationId))!.email }), 'c')).created,
    ).toBe(true);
  });

  it('test_a_lapsed_registration_releases_its_seat_to_the_waiting_list_and_is_emailed_once_when_swept_concurrently', async () => {
    const { t, deps } = await setup({ parallelSeats: 1 });
    const squatter = await register(deps, form({ session: 'p1' }), 'squatter');
    deps.clock.advance(MINUTE);
    const waiter = await register(deps, form({ session: 'p1' }), 'waiter');
    expect([squatter.status, waiter.status]).toEqual(['unconfirmed', 'unconfirmed']);
    deps.clock.advance(1000); // emails in the order they were written
    expect((await openLink(deps, waiter.personId)).confirmed).toBe(1);
    expect((await findRegistration(t.db, waiter.registrationId))?.status).toBe('waitlisted');
    deps.clock.advance(60 * MINUTE);
    const other = { ...deps }; // a second instance on the same database
    const counts = await Promise.all([lapseUnconfirmedRegistrations(deps), lapseUnconfirmedRegistrations(other)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await lapseUnconfirmedRegistrations(deps)).toBe(0);
    const lapsed = await findRegistration(t.db, squatter.registrationId);
    expect(lapsed).toMatchObject({ status: 'lapsed', passport_number_enc: null });
    expect((await findRegistration(t.db, waiter.registrationId))?.status).toBe('confirmed');
    expect(await taken(t, 'p1')).toBe(1);
    expect(await kindsOf(t, squatter.registrationId)).toEqual(['registration-confirm', 'registration-lapsed']);
    expect(await kindsOf(t, waiter.registrationId)).toEqual(['registration-confirm', 'registration-waitlisted', 'registration-promoted']);
    const holds = await t.db.selectFrom('seat_hold').select('owner_id').where('capacity_id', '=', sessionCapacityId('p1')).execute();
    expect(holds.map((h) => h.owner_id)).toEqual([waiter.registrationId]);
  });

  it('test_a_lapsed_booking_releases_its_places_to_the_waiting_list_deletes_documents_and_is_emailed_once', async () => {
    const { t, deps } = await setup({ slotSeats: 2 });
    const squatter = await bookVisitForm(deps, visitForm(2), 'squatter');
    deps.clock.advance(MINUTE);
    const waiter = await bookVisitForm(deps, visitForm(1), 'waiter');
    expect([squatter.status, waiter.status]).toEqual(['unconfirmed', 'unconfirmed']);
    expect(await slotSeats(t, 'slot-a')).toMatchObject({ taken: 2, holders: [squatter.bookingId] });
    deps.clock.advance(1000); // emails in the order they were written
    expect((await openLink(deps, waiter.personId)).confirmed).toBe(1);
    expect((await findBooking(t.db, waiter.bookingId))?.status).toBe('waitlisted');
    deps.clock.advance(60 * MINUTE);
    const counts = await Promise.all([lapseUnconfirmedBookings(deps), lapseUnconfirmedBookings({ ...deps })]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await lapseUnconfirmedBookings(deps)).toBe(0);
    expect(await findBooking(t.db, squatter.bookingId)).toMatchObject({ status: 'lapsed', id_documents_enc: null });
    expect((await findBooking(t.db, waiter.bookingId))?.status).toBe('confirmed');
    expect(await slotSeats(t, 'slot-a')).toMatchObject({ taken: 1, holders: [waiter.bookingId] });
    expect(await bookingKinds(t, squatter.bookingId)).toEqual(['booking-confirm', 'booking-lapsed']);
    expect(await bookingKinds(t, waiter.bookingId)).toEqual(['booking-confirm', 'booking-waitlisted', 'booking-promoted']);
  });

  it('test_a_paid_ticket_cannot_check_out_before_confirmation_and_its_payment_hold_starts_then', async () => {
    const { t, deps } = await setup();
    const reg = await register(deps, form({ session: 'p1', ticket: 'paid' }), 'c');
    expect(reg.status).toBe('unconfirmed');
    expect((await rejects(startCheckout(deps, reg.personId, 'en'))).code).toBe('NotPayable');
    deps.clock.advance(50 * MINUTE);
    await openLink(deps, reg.personId);
    const paying = await findRegistration(t.db, reg.registrationId);
    expect(paying).toMatchObject({
      status: 'pending_payment',
      hold_expires_at: new Date(deps.clock.now().getTime() + 30 * MINUTE).toISOString(),
    });
    expect(await startCheckout(deps, reg.personId, 'en')).toMatch(/\/en\/pay\/simulated\//);
  });
});
