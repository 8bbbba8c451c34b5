/**
 * Account takeover with only an email address: a form submitted with someone else's address
 * must not hand the browser any access to that person's earlier records, and must answer
 * exactly as it does for an address nobody used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../src/features/registration/registration.service.ts';
import { syncSlotCapacities } from '../../src/features/visits/visit-jobs.service.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { form, makeCatalog, makeDeps, type TestDeps } from '../support/deps.ts';
import { bookVisitForm, outboxOf, visitForm } from '../support/visits.ts';

/** Every credential the database knows for a person: magic links and sign-in sessions. */
async function credentials(t: TestDb, personId: string): Promise<number> {
  const links = await t.db.selectFrom('access_token').select('token_hash').where('person_id', '=', personId).execute();
  const sessions = await t.db.selectFrom('access_session').select('token_hash').where('person_id', '=', personId).execute();
  return links.length + sessions.length;
}

/** What the browser's answer is made of: everything but ids and the exact instant. */
const answer = (result: object) =>
  Object.keys(result)
    .filter((k) => !['registrationId', 'bookingId', 'personId', 'status', 'created'].includes(k))
    .sort();

describe.each(dialects)('forms with a known email address on %s', (dialect) => {
  let t: TestDb;
  let deps: TestDeps;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    deps = await makeDeps(t, { catalog: makeCatalog({ parallelSeats: 100, slotSeats: 50 }) });
    await syncSlotCapacities(deps);
  });
  afterAll(() => t.drop());

  it('test_register_with_the_email_of_a_registered_person_gives_no_access_and_answers_as_for_a_new_address', async () => {
    const victim = form({ session: 'p1' });
    const earlier = await register(deps, victim, 'victim');
    const before = await credentials(t, earlier.personId);
    const attack = await register(deps, { ...victim, name: 'Mallory', email: victim.email.toUpperCase() }, 'attacker');
    const fresh = await register(deps, form({ session: 'p1' }), 'attacker');
    expect(attack).not.toHaveProperty('token');
    expect(await credentials(t, earlier.personId)).toBe(before);
    expect(answer(attack)).toEqual(answer(fresh));
    expect(attack.confirmBy).toBe(fresh.confirmBy);
    // The owner of the address is sent their link instead (no error that would reveal them).
    expect((await outboxOf(t, 'access-link')).filter((m) => m.recipient === victim.email)).toHaveLength(1);
    const rows = await t.db.selectFrom('registration').select('name').where('person_id', '=', earlier.personId).execute();
    expect(rows.map((r) => r.name)).toEqual([victim.name]);
  });

  it('test_register_with_the_email_of_a_person_with_a_booking_gives_no_access', async () => {
    const booking = visitForm(1);
    const earlier = await bookVisitForm(deps, booking, 'victim');
    const before = await credentials(t, earlier.personId);
    const attack = await register(deps, form({ session: 'p1', email: String(booking.email) }), 'attacker');
    const fresh = await register(deps, form({ session: 'p1' }), 'attacker');
    expect(attack).not.toHaveProperty('token');
    expect(await credentials(t, earlier.personId)).toBe(before);
    expect(answer(attack)).toEqual(answer(fresh));
  });

  it('test_book_with_the_email_of_a_registered_person_gives_no_access', async () => {
    const victim = form({ session: 'p1' });
    const earlier = await register(deps, victim, 'victim');
    const before = await credentials(t, earlier.personId);
    const attack = await bookVisitForm(deps, visitForm(1, { email: victim.email }), 'attacker');
    const fresh = await bookVisitForm(deps, visitForm(1), 'attacker');
    expect(attack).not.toHaveProperty('token');
    expect(await credentials(t, earlier.personId)).toBe(before);
    expect(answer(attack)).toEqual(answer(fresh));
  });

  it('test_book_the_same_slot_with_the_email_of_a_person_with_a_booking_gives_no_access_and_no_error', async () => {
    const booking = visitForm(2);
    const earlier = await bookVisitForm(deps, booking, 'victim');
    const before = await credentials(t, earlier.personId);
    const attack = await bookVisitForm(deps, visitForm(1, { email: String(booking.email).toUpperCase() }), 'attacker');
    const fresh = await bookVisitForm(deps, visitForm(1), 'attacker');
    expect(attack).not.toHaveProperty('token');
    expect(await credentials(t, earlier.personId)).toBe(before);
    expect(answer(attack)).toEqual(answer(fresh));
    expect((await outboxOf(t, 'access-link')).filter((m) => m.recipient === booking.email)).toHaveLength(1);
    const rows = await t.db.selectFrom('booking').select('party_size').where('person_id', '=', earlier.personId).execute();
    expect(rows.map((r) => r.party_size)).toEqual([2]);
  });
});
