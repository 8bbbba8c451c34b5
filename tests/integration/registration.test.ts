import { refusal, rejects } from '../support/domain.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seatsLeft, sessionCapacityId } from '../../src/features/capacity/capacity.repository.ts';
import { issueAccessToken, personForLink } from '../../src/features/identity/access.service.ts';
import { approveRegistration, register, resendLink } from '../../src/features/registration/registration.service.ts';
import { parseEmail, parseRegistration } from '../../src/features/registration/registration.schema.ts';
import {
  countByStatus,
  findRegistration,
  listWaitlisted,
  waitlistPosition,
} from '../../src/features/registration/registration.repository.ts';
import { cancelRegistration, startCheckout, sweepExpiredHolds } from '../../src/features/payments/payment.service.ts';
import { completeSimulatedCheckout } from '../../src/features/payments/simulated-gateway.ts';
import { applyCheckout } from '../../src/features/payments/payment.service.ts';
import { open } from '../../src/features/shared/secrets.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { BLOCK_1, BLOCK_2, form, formRecord, INVITE_CODE, makeCatalog, makeDeps, type TestDeps } from '../support/deps.ts';
import { registrationRecord } from '../../src/actions/forms/registration-form.ts';

/** What the register action does with a submitted form: read it, parse it, register. */
async function submit(deps: TestDeps, fields: Record<string, string>, clientKey = 'c') {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return register(deps, parseRegistration(registrationRecord(body)), clientKey);
}

async function outboxKinds(t: TestDb, registrationId?: string) {
  const rows = await t.db.selectFrom('outbox').select(['kind', 'payload']).orderBy('created_at').execute();
  return rows.filter((r) => !registrationId || JSON.parse(r.payload).registrationId === registrationId).map((r) => r.kind);
}

describe.each(dialects)('registration on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect, { poolSize: 20 });
  });
  afterAll(() => t.drop());

  it('test_500_concurrent_registrations_for_100_seats_confirm_exactly_100', async () => {
    const deps = await makeDeps(t, { catalog: makeCatalog({ parallelSeats: 100, mainSeats: 100 }) });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 500 }, (_, i) => register(deps, form({ session: 'p2' }), `client-${i}`)),
    );
    const errors = outcomes.filter((o) => o.status === 'rejected');
    expect(errors).toEqual([]);
    const statuses = outcomes.map((o) => (o as PromiseFulfilledResult<{ status: string }>).value.status);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(100);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(400);
    const left = await seatsLeft(t.db, [sessionCapacityId('p2')]);
    expect(left.get(sessionCapacityId('p2'))).toEqual({ limit: 100, taken: 100, left: 0 });
    const kinds = await outboxKinds(t);
    expect(kinds.filter((k) => k === 'registration-confirmed')).toHaveLength(100);
    expect(kinds.filter((k) => k === 'registration-waitlisted')).toHaveLength(400);
  }, 180_000);

  // On PostgreSQL the main-forum seat is taken in the commit's own message: a refusal there must
  // still end as the waiting list's answer, with nothing left of the attempt that assumed a seat.
  it('test_300_concurrent_registrations_with_confirmation_for_50_forum_seats_seat_50_and_email_each_once', async () => {
    const own = await createTestDb(dialect, { poolSize: 20 });
    try {
      const deps = await makeDeps(own, { catalog: makeCatalog({ mainSeats: 50, confirmWithin: 60 }) });
      const outcomes = await Promise.allSettled(Array.from({ length: 300 }, (_, i) => register(deps, form(), `client-${i}`)));
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const results = outcomes.map((o) => (o as PromiseFulfilledResult<{ status: string; registrationId: string }>).value);
      // Unconfirmed, seated or not: the 50 that got a forum seat hold it until confirmed.
      expect(results.filter((r) => r.status === 'unconfirmed')).toHaveLength(300);
      expect((await seatsLeft(own.db, [sessionCapacityId('main')])).get(sessionCapacityId('main'))).toEqual({
        limit: 50,
        taken: 50,
        left: 0,
      });
      const holds = await own.db.selectFrom('seat_hold').select('owner_id').where('capacity_id', '=', sessionCapacityId('main')).execute();
      expect(holds).toHaveLength(50);
      const ids = new Set(results.map((r) => r.registrationId));
      expect(holds.filter((h) => !ids.has(h.owner_id))).toEqual([]);
      // Exactly one confirmation email per registration: none left by an attempt rolled back for its seat.
      const rows = await own.db.selectFrom('outbox').select(['kind', 'payload']).execute();
      expect(rows.map((r) => r.kind)).toEqual(Array(300).fill('registration-confirm'));
      const emailed = rows.map((r) => (JSON.parse(r.payload) as { registrationId: string }).registrationId).sort();
      expect(emailed).toEqual([...ids].sort());
    } finally {
      await own.drop();
    }
  }, 180_000);
});

// Once the forum is full, PostgreSQL writes each waiting registration with no lock until its
// commit's own message (insertWaiting): the line must still be exact, and a freed seat must go to its head.
describe.each(dialects)('the waiting list under contention on %s', (dialect) => {
  it('test_300_concurrent_registrations_for_50_forum_seats_seat_50_and_line_up_250_each_once', async () => {
    const own = await createTestDb(dialect, { poolSize: 20 });
    try {
      const deps = await makeDeps(own, { catalog: makeCatalog({ mainSeats: 50, parallelSeats: 1000 }) });
      const forms = Array.from({ length: 300 }, (_, i) =>
        form({ sessions: { [BLOCK_1]: 'p1', [BLOCK_2]: 'p3' }, email: `line-${i}@example.org` }),
      );
      const outcomes = await Promise.allSettled(forms.map((f, i) => register(deps, f, `client-${i}`)));
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const results = outcomes.map(
        (o) => (o as PromiseFulfilledResult<{ status: string; registrationId: string; created: boolean }>).value,
      );
      expect(results.filter((r) => !r.created)).toEqual([]);
      const seated = results.filter((r) => r.status === 'confirmed').map((r) => r.registrationId);
      const waiting = results.filter((r) => r.status === 'waitlisted').map((r) => r.registrationId);
      expect([seated.length, waiting.length]).toEqual([50, 250]);
      // Each address once, each answer as stored.
      const rows = await own.db.selectFrom('registration').select(['id', 'email', 'status', 'created_at']).execute();
      expect(new Set(rows.map((r) => r.email)).size).toBe(300);
      expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual(
        Object.fromEntries(results.map((r) => [r.registrationId, r.status])),
      );
      // Seats: exactly the 50 seated hold the forum and their sessions; nobody waiting holds any.
      const holders = async (capacity: string) =>
        (await own.db.selectFrom('seat_hold').select('owner_id').where('capacity_id', '=', sessionCapacityId(capacity)).execute())
          .map((h) => h.owner_id)
          .sort();
      for (const capacity of ['main', 'p1', 'p3']) expect(await holders(capacity), capacity).toEqual([...seated].sort());
      const left = await seatsLeft(own.db, ['main', 'p1', 'p3'].map(sessionCapacityId));
      expect(left.get(sessionCapacityId('main'))).toEqual({ limit: 50, taken: 50, left: 0 });
      expect(left.get(sessionCapacityId('p1'))?.taken).toBe(50);
      // Both choices of every registration: seated with it, or waiting with it.
      const choices = await own.db.selectFrom('session_choice').select(['registration_id', 'status']).execute();
      expect(choices).toHaveLength(600);
      const byStatus = new Map(rows.map((r) => [r.id, r.status]));
      expect(choices.filter((c) => (byStatus.get(c.registration_id) === 'confirmed' ? 'seated' : 'waiting') !== c.status)).toEqual([]);
      // One line: positions 1…250, each once, in the order the list is served.
      const line = await listWaitlisted(own.db, deps.catalog.edition);
      expect(line.map((r) => r.id).sort()).toEqual([...waiting].sort());
      const positions = await Promise.all(line.map((r) => waitlistPosition(own.db, deps.catalog.edition, r.created_at, r.id)));
      expect(positions).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
      // Exactly one email per registration, of the kind its answer said.
      const sent = await own.db.selectFrom('outbox').select(['kind', 'payload']).execute();
      const emailed = sent.map((r) => `${(JSON.parse(r.payload) as { registrationId: string }).registrationId} ${r.kind}`).sort();
      const expected = results.map((r) => `${r.registrationId} registration-${r.status === 'confirmed' ? 'confirmed' : 'waitlisted'}`);
      expect(emailed).toEqual(expected.sort());
      // A freed seat goes to the head of the line, and only to it.
      const leaver = results.find((r) => r.status === 'confirmed')!;
      const leaverRow = await findRegistration(own.db, leaver.registrationId);
      await cancelRegistration(deps, leaverRow!.person_id);
      expect((await findRegistration(own.db, line[0].id))?.status).toBe('confirmed');
      expect(await countByStatus(own.db, deps.catalog.edition)).toMatchObject({ confirmed: 50, waitlisted: 249, cancelled: 1 });
    } finally {
      await own.drop();
    }
  }, 180_000);

  it('test_a_registration_just_after_a_full_forum_freed_a_seat_takes_it_instead_of_waiting', async () => {
    const own = await createTestDb(dialect);
    try {
      const deps = await makeDeps(own, { catalog: makeCatalog({ mainSeats: 2 }) });
      const [a, b] = [await register(deps, form(), 'c'), await register(deps, form(), 'c')];
      // The forum was just found full: for a moment this process expects the next one to wait too.
      const c = await register(deps, form(), 'c');
      expect([a.status, b.status, c.status]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
      await cancelRegistration(deps, a.personId); // c takes that seat
      await cancelRegistration(deps, b.personId); // nobody waits for this one: it stays free
      const d = await register(deps, form(), 'c');
      expect(d.status).toBe('confirmed');
      expect((await seatsLeft(own.db, [sessionCapacityId('main')])).get(sessionCapacityId('main'))).toEqual({
        limit: 2,
        taken: 2,
        left: 0,
      });
      expect(await outboxKinds(own, d.registrationId)).toEqual(['registration-confirmed']);
    } finally {
      await own.drop();
    }
  });
});

describe.each(dialects)('registration rules on %s', (dialect) => {
  let t: TestDb;
  let deps: TestDeps;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    // Seats to spare: no rule here is about a full session, so no test depends on another's seats.
    deps = await makeDeps(t, { catalog: makeCatalog({ parallelSeats: 100, mainSeats: 100 }) });
  });
  afterAll(() => t.drop());

  it('test_duplicate_email_registers_nothing_new_and_case_does_not_matter', async () => {
    const f = form();
    const first = await register(deps, f, 'c');
    const again = await register(deps, { ...f, email: f.email.toUpperCase(), name: 'Someone Else' }, 'c');
    expect(again).toMatchObject({ created: false, registrationId: first.registrationId, personId: first.personId });
    const rows = await t.db.selectFrom('registration').select('name').where('person_id', '=', first.personId).execute();
    expect(rows).toEqual([{ name: f.name }]);
  });

  it('test_the_same_new_address_sent_five_times_at_once_registers_once_for_one_person', async () => {
    const f = form();
    // five: the address's hourly limit
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => register(deps, { ...f, name: `Try ${i}` }, `c-${i}`)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const made = results.find((r) => r.created)!;
    for (const r of results) expect(r).toMatchObject({ registrationId: made.registrationId, personId: made.personId });
    expect(await t.db.selectFrom('person').select('id').where('email', '=', f.email).execute()).toEqual([{ id: made.personId }]);
    expect(await t.db.selectFrom('registration').select('id').where('person_id', '=', made.personId).execute()).toHaveLength(1);
  });

  it('test_a_known_address_without_a_live_registration_registers_as_the_same_person', async () => {
    const f = form();
    const first = await register(deps, f, 'c');
    await t.db.updateTable('registration').set({ status: 'cancelled' }).where('id', '=', first.registrationId).execute();
    const again = await register(deps, { ...f, email: f.email.toUpperCase() }, 'c');
    expect(again).toMatchObject({ created: true, personId: first.personId });
    expect(again.registrationId).not.toBe(first.registrationId);
    expect(await t.db.selectFrom('person').select('id').where('email', '=', f.email).execute()).toEqual([{ id: first.personId }]);
  });

  it('test_bad_input_gets_field_errors_not_exceptions', async () => {
    const error = await rejects(
      submit(deps, {
        name: 'x'.repeat(10_000),
        email: 'not-an-email',
        consent: '',
        ticket: 'free',
        session: 'nope',
        category: 'mainland',
        country: 'X',
        organization: 'O',
      }),
    );
    expect(error.code).toBe('InvalidInput');
    expect(error.fields).toMatchObject({ name: 'form.error.tooLong', email: 'form.error.email', consent: 'form.error.consent' });
    const unknown = await rejects(register(deps, form({ session: 'no-such-session' }), 'c'));
    expect(unknown.fields).toEqual({ 'session.d1-1400': 'form.error.choice' });
    // A session of another block is no choice for this one.
    const elsewhere = await rejects(register(deps, form({ sessions: { 'd1-1400': 'p3' } }), 'c'));
    expect(elsewhere.fields).toEqual({ 'session.d1-1400': 'form.error.choice' });
    const wrongTypes = refusal(() => parseRegistration({ ...formRecord(), name: 42, letter: { evil: true } }));
    expect(wrongTypes.code).toBe('InvalidInput');
    expect(await t.db.selectFrom('registration').select('id').where('organization', '=', 'O').execute()).toEqual([]);
  });

  it('test_invitation_code_is_checked_against_its_hash', async () => {
    expect((await rejects(register(deps, form({ ticket: 'invited' }), 'c'))).fields).toEqual({ invitationCode: 'form.error.required' });
    expect((await rejects(register(deps, form({ ticket: 'invited', invitationCode: 'WRONG' }), 'c'))).fields).toEqual({
      invitationCode: 'form.error.invitationCode',
    });
    const ok = await register(deps, form({ ticket: 'invited', invitationCode: INVITE_CODE.toLowerCase(), session: 'p2' }), 'c');
    expect(ok.status).toBe('confirmed');
  });

  it('test_passport_number_is_encrypted_at_rest_and_letter_needs_an_eligible_category', async () => {
    const letter = {
      letter: true,
      passportName: 'DOE JANE',
      passportNumber: 'X1234567',
      nationality: 'Canada',
      arrival: '2024-12-17',
      departure: '2024-12-21',
      birthDate: '1990-01-31',
      passportExpiry: '2030-01-01',
    };
    expect((await rejects(register(deps, form({ ...letter }), 'c'))).fields).toEqual({ letter: 'form.error.letterNotOffered' });
    const ok = await register(deps, form({ ...letter, category: 'international', session: 'p2' }), 'c');
    const row = await findRegistration(t.db, ok.registrationId);
    expect(row?.passport_number_enc).not.toContain('X1234567');
    expect(open(deps.keys.encryption, row!.passport_number_enc!)).toBe('X1234567');
  });

  it('test_production_without_stripe_refuses_paid_tickets_but_not_free_ones', async () => {
    const production = { ...deps, config: { ...deps.config, production: true } };
    expect((await rejects(register(production, form({ ticket: 'paid', session: 'p2' }), 'c'))).code).toBe('PaymentsUnavailable');
    expect((await register(production, form({ ticket: 'free', session: 'p2' }), 'c')).status).toMatch(/confirmed|waitlisted/);
  });

  it('test_a_link_opens_only_its_person_and_unknown_or_malformed_tokens_are_refused', async () => {
    const a = await register(deps, form({ session: 'p1' }), 'c');
    const link = await issueAccessToken(deps, a.personId);
    expect(await personForLink(deps, link)).toBe(a.personId);
    expect((await rejects(personForLink(deps, 'A'.repeat(22)))).code).toBe('InvalidToken');
    expect((await rejects(personForLink(deps, '../../etc'))).code).toBe('InvalidToken');
  });

  it('test_resend_link_answers_the_same_for_unknown_addresses_and_is_rate_limited', async () => {
    expect(refusal(() => parseEmail('not-an-address')).fields).toEqual({ email: 'form.error.email' });
    const before = (await outboxKinds(t)).length;
    await resendLink(deps, parseEmail('nobody@example.org'), 'en');
    expect((await outboxKinds(t)).length).toBe(before);
    const f = form({ session: 'p1' });
    await register(deps, f, 'r1').catch(() => undefined);
    for (let i = 0; i < 3; i++) await resendLink(deps, parseEmail(f.email), 'en');
    expect((await rejects(resendLink(deps, parseEmail(f.email), 'en'))).code).toBe('RateLimited');
  });
});

describe.each(dialects)('waiting list and payments on %s', (dialect) => {
  let t: TestDb;
  let deps: TestDeps;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    deps = await makeDeps(t, { catalog: makeCatalog({ parallelSeats: 1, mainSeats: 1 }) });
  });
  afterAll(() => t.drop());

  it('test_cancel_promotes_the_next_free_registration_and_emails_them', async () => {
    const first = await register(deps, form({ session: 'p1' }), 'c');
    const second = await register(deps, form({ session: 'p1' }), 'c');
    expect([first.status, second.status]).toEqual(['confirmed', 'waitlisted']);
    await cancelRegistration(deps, first.personId);
    expect((await findRegistration(t.db, second.registrationId))?.status).toBe('confirmed');
    expect(await outboxKinds(t, second.registrationId)).toEqual(['registration-waitlisted', 'registration-promoted']);
    expect(await outboxKinds(t, first.registrationId)).toEqual(['registration-confirmed', 'registration-cancelled']);
    expect((await seatsLeft(t.db, [sessionCapacityId('p1')])).get(sessionCapacityId('p1'))?.taken).toBe(1);
  });

  it('test_expired_hold_releases_the_seat_and_promotes_with_a_payment_offer', async () => {
    const t2 = await createTestDb(dialect);
    const d = await makeDeps(t2, { catalog: makeCatalog({ parallelSeats: 1, mainSeats: 1 }) });
    const payer = await register(d, form({ session: 'p1', ticket: 'paid' }), 'c');
    const waiting = await register(d, form({ session: 'p1', ticket: 'paid' }), 'c');
    expect([payer.status, waiting.status]).toEqual(['pending_payment', 'waitlisted']);
    const url = await startCheckout(d, payer.personId, 'en');
    expect(url).toMatch(/^http:\/\/forum\.test\/en\/pay\/simulated\/sim_cs_/);
    expect(await startCheckout(d, payer.personId, 'en')).toBe(url); // same open checkout
    d.clock.advance(32 * 60_000);
    expect(await sweepExpiredHolds(d)).toEqual({ expired: 1, confirmed: 0 });
    expect((await findRegistration(t2.db, payer.registrationId))?.status).toBe('expired');
    const promoted = await findRegistration(t2.db, waiting.registrationId);
    expect(promoted?.status).toBe('pending_payment');
    expect(promoted?.hold_expires_at).toBe(new Date(d.clock.now().getTime() + 24 * 3600_000).toISOString());
    expect(await outboxKinds(t2, waiting.registrationId)).toEqual(['registration-waitlisted', 'registration-promoted']);
    // The promoted attendee pays through the same path a webhook takes.
    const checkoutUrl = await startCheckout(d, waiting.personId, 'zh');
    const id = checkoutUrl.split('/').at(-2)!;
    const paid = await completeSimulatedCheckout(t2.db, id, d.clock);
    expect(await applyCheckout(d, paid!)).toBe('confirmed');
    expect(await applyCheckout(d, paid!)).toBe('already');
    expect((await findRegistration(t2.db, waiting.registrationId))?.status).toBe('confirmed');
    expect(await outboxKinds(t2, waiting.registrationId)).toEqual([
      'registration-waitlisted',
      'registration-promoted',
      'registration-confirmed',
    ]);
    // Cancelling a paid registration refunds it.
    await cancelRegistration(d, waiting.personId);
    const payment = await t2.db
      .selectFrom('payment')
      .selectAll()
      .where('registration_id', '=', waiting.registrationId)
      .where('status', '=', 'refunded')
      .executeTakeFirst();
    expect(payment?.refund_id).toMatch(/^sim_re_/);
    await t2.drop();
  });

  it('test_media_registration_waits_for_approval', async () => {
    const t3 = await createTestDb(dialect);
    const d = await makeDeps(t3);
    const m = await register(d, form({ ticket: 'media' }), 'c');
    expect(m.status).toBe('awaiting_approval');
    await approveRegistration(d, m.registrationId);
    expect((await findRegistration(t3.db, m.registrationId))?.status).toBe('confirmed');
    expect(await countByStatus(t3.db, d.catalog.edition)).toEqual({ confirmed: 1 });
    await t3.drop();
  });
});
