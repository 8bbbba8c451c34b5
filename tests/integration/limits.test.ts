/**
 * Rate limits and invitation codes, on both databases: every public form counts toward its
 * client's limit before it is read, every address toward its own, refusals say when to come
 * back, and invitation codes are neither overused nor guessable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSubmission, readCountingFailure } from '../../src/features/identity/rate-limits.ts';
import { register, resendLink } from '../../src/features/registration/registration.service.ts';
import { WRONG_CODE_LIMITS } from '../../src/features/registration/invitation-codes.ts';
import { parseEmail, parseRegistration } from '../../src/features/registration/registration.schema.ts';
import { invitationUses } from '../../src/features/registration/invitation.repository.ts';
import { RateLimitedError } from '../../src/features/shared/domain-error.ts';
import { sha256Hex } from '../../src/features/shared/secrets.ts';
import { syncSlotCapacities } from '../../src/features/visits/visit-jobs.service.ts';
import { registrationRecord } from '../../src/actions/forms/registration-form.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { form, formRecord, makeCatalog, makeDeps, makeTicket, type TestDeps } from '../support/deps.ts';
import { rejects } from '../support/domain.ts';
import { bookVisitForm, toFormData, visitForm } from '../support/visits.ts';

/**
 * What the register action does: read and parse the form (one that cannot be read counts its
 * client and is refused), then register, which counts the client and the address (on
 * PostgreSQL in the transaction that writes the registration, or after it failed).
 */
async function registerForm(deps: TestDeps, fields: Record<string, unknown>, client: string) {
  const input = await readCountingFailure(deps, 'register', client, () => parseRegistration(registrationRecord(toFormData(fields))));
  return register(deps, input, client);
}

/** What the resend-link action does: count the client's submission, parse the address, send. */
async function resendForm(deps: TestDeps, email: string, client: string) {
  await countSubmission(deps, 'resend', client);
  await resendLink(deps, parseEmail(email), 'en');
}

async function rateLimited(promise: Promise<unknown>): Promise<RateLimitedError> {
  const error = await rejects(promise);
  expect(error).toBeInstanceOf(RateLimitedError);
  return error as RateLimitedError;
}

let vipSeq = 0;

/** The test catalog with a "vip" ticket whose one code admits maxUses registrations; the code is new each time (uses are counted per code). */
function vipTicket(maxUses: number) {
  const code = `VIP-${process.pid}-${Date.now()}-${vipSeq++}`;
  const catalog = makeCatalog();
  return {
    code,
    catalog: {
      ...catalog,
      tickets: [...catalog.tickets, makeTicket({ id: 'vip', invitationCodes: [{ hash: sha256Hex(code), maxUses }] })],
    },
  };
}

describe.each(dialects)('rate limits on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect, { poolSize: 20 });
  });
  afterAll(() => t.drop());

  it('test_invalid_forms_count_toward_the_client_limit_for_register_book_and_resend', async () => {
    const deps = await makeDeps(t);
    await syncSlotCapacities(deps);
    // 20 forms per client per 10 minutes (deps.config); resend allows 10.
    for (let i = 0; i < 20; i++) expect((await rejects(registerForm(deps, { consent: 'on' }, 'reg-client'))).code).toBe('InvalidInput');
    await rateLimited(registerForm(deps, formRecord(), 'reg-client'));
    for (let i = 0; i < 20; i++) expect((await rejects(bookVisitForm(deps, { slot: 'slot-a' }, 'book-client'))).code).toBe('InvalidInput');
    await rateLimited(bookVisitForm(deps, visitForm(1), 'book-client'));
    for (let i = 0; i < 10; i++) expect((await rejects(resendForm(deps, 'not-an-address', 'resend-client'))).code).toBe('InvalidInput');
    await rateLimited(resendForm(deps, 'someone@example.org', 'resend-client'));
    // Other clients are not affected.
    await registerForm(deps, formRecord(), 'another-client');
  });

  it('test_valid_registrations_count_toward_the_client_limit_and_past_it_nothing_is_registered', async () => {
    const deps = await makeDeps(t);
    for (let i = 0; i < 20; i++) expect((await registerForm(deps, formRecord(), 'busy-client')).created).toBe(true);
    const email = `late-${Date.now()}@example.org`;
    await rateLimited(registerForm(deps, formRecord({ email }), 'busy-client'));
    expect(await t.db.selectFrom('person').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
    // The address was counted with the refused form: one of its 5 forms per hour.
    for (let i = 0; i < 4; i++) await registerForm(deps, formRecord({ email }), `other-client-${i}`);
    await rateLimited(registerForm(deps, formRecord({ email }), 'other-client-4'));
  });

  it('test_forms_refused_after_they_were_read_still_count_toward_the_client_limit', async () => {
    const deps = await makeDeps(t);
    // Read, then refused by the content rules (unknown ticket): nothing written, but each counted.
    for (let i = 0; i < 20; i++)
      expect((await rejects(registerForm(deps, formRecord({ ticket: 'no-such-ticket' }), 'content-client'))).code).toBe('InvalidInput');
    await rateLimited(registerForm(deps, formRecord(), 'content-client'));
    // Closed registration counts too, and past the limit the refusal comes first.
    const closed = await makeDeps(t, { now: new Date('2030-01-01T00:00:00Z') });
    for (let i = 0; i < 20; i++) expect((await rejects(registerForm(closed, formRecord(), 'late-client'))).code).toBe('RegistrationClosed');
    await rateLimited(registerForm(closed, formRecord(), 'late-client'));
  });

  it('test_a_client_sending_40_registrations_at_once_gets_exactly_20_and_20_refusals', async () => {
    const deps = await makeDeps(t);
    const stamp = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => registerForm(deps, formRecord({ email: `burst-${stamp}-${i}@example.org` }), 'burst-client')),
    );
    const created = results.filter((r) => r.status === 'fulfilled' && r.value.created);
    const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof RateLimitedError);
    expect([created.length, refused.length]).toEqual([20, 20]);
    const people = await t.db.selectFrom('person').select('id').where('email', 'like', `burst-${stamp}-%`).execute();
    expect(people).toHaveLength(20);
  });

  it('test_a_refused_client_is_refused_again_until_its_window_ends_without_asking_the_database', async () => {
    const deps = await makeDeps(t, { now: new Date('2024-11-01T02:03:20Z') });
    for (let i = 0; i < 20; i++) await registerForm(deps, formRecord(), 'remembered-client');
    expect((await rateLimited(registerForm(deps, formRecord(), 'remembered-client'))).retryAfterSeconds).toBe(400);
    // With every count gone from the database, this process still knows the window is past its limit…
    await t.db.deleteFrom('rate_limit').execute();
    deps.clock.advance(100_000);
    expect((await rateLimited(registerForm(deps, formRecord(), 'remembered-client'))).retryAfterSeconds).toBe(300);
    expect(await t.db.selectFrom('rate_limit').select('key').execute()).toEqual([]);
    // …while other clients are counted as usual, and the window's end ends the refusal.
    expect((await registerForm(deps, formRecord(), 'another-remembered-client')).created).toBe(true);
    deps.clock.advance(300_000);
    expect((await registerForm(deps, formRecord(), 'remembered-client')).created).toBe(true);
  });

  it('test_valid_bookings_count_toward_the_client_limit_and_past_it_nothing_is_booked', async () => {
    const deps = await makeDeps(t);
    await syncSlotCapacities(deps);
    const stamp = Date.now();
    for (let i = 0; i < 20; i++) await bookVisitForm(deps, visitForm(1, { email: `visitor-${stamp}-${i}@example.org` }), 'busy-booker');
    const email = `visitor-${stamp}-late@example.org`;
    await rateLimited(bookVisitForm(deps, visitForm(1, { email }), 'busy-booker'));
    expect(await t.db.selectFrom('person').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
  });

  it('test_a_refusal_says_how_many_seconds_until_its_window_ends', async () => {
    const deps = await makeDeps(t, { now: new Date('2024-11-01T02:03:20Z') });
    for (let i = 0; i < 20; i++) await countSubmission(deps, 'register', 'c');
    // The 10-minute window 02:00–02:10 ends in 6 min 40 s.
    expect((await rateLimited(countSubmission(deps, 'register', 'c'))).retryAfterSeconds).toBe(400);
    deps.clock.advance(400_000);
    await countSubmission(deps, 'register', 'c');
  });

  it('test_registrations_for_one_email_are_limited_whichever_clients_send_them', async () => {
    const deps = await makeDeps(t);
    const fields = formRecord();
    await registerForm(deps, fields, 'client-0');
    // A known address gets its link by email, not an error; each one still counts.
    for (let i = 1; i < 5; i++) expect((await registerForm(deps, fields, `client-${i}`)).created).toBe(false);
    const refusal = await rateLimited(registerForm(deps, { ...fields, email: String(fields.email).toUpperCase() }, 'client-5'));
    expect(refusal.retryAfterSeconds).toBeGreaterThan(0);
    expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(3600);
  });

  it('test_bookings_for_one_email_are_limited_whichever_clients_send_them', async () => {
    const deps = await makeDeps(t);
    await syncSlotCapacities(deps);
    const email = `booker-${Date.now()}@example.org`;
    await bookVisitForm(deps, visitForm(1, { email }), 'b-0');
    for (let i = 1; i < 5; i++) expect((await bookVisitForm(deps, visitForm(1, { email }), `b-${i}`)).created).toBe(false);
    await rateLimited(bookVisitForm(deps, visitForm(1, { email, slot: 'slot-b' }), 'b-5'));
  });
});

describe.each(dialects)('invitation codes on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect, { poolSize: 20 });
  });
  afterAll(() => t.drop());

  it('test_50_concurrent_registrations_with_a_code_of_max_uses_10_admit_exactly_10', async () => {
    const vip = vipTicket(10);
    const deps = await makeDeps(t, { catalog: vip.catalog });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => register(deps, form({ ticket: 'vip', invitationCode: vip.code.toLowerCase() }), `vip-${i}`)),
    );
    const admitted = outcomes.filter((o) => o.status === 'fulfilled');
    expect(admitted).toHaveLength(10);
    for (const o of outcomes) {
      if (o.status === 'rejected')
        expect(o.reason).toMatchObject({ code: 'InvalidInput', fields: { invitationCode: 'form.error.invitationCodeUsedUp' } });
    }
    expect(await invitationUses(t.db, 'vip', sha256Hex(vip.code))).toBe(10);
  });

  it('test_a_refused_registration_gives_its_code_use_back', async () => {
    const vip = vipTicket(1);
    const deps = await makeDeps(t, { catalog: vip.catalog });
    const first = form({ ticket: 'vip', invitationCode: vip.code });
    await register(deps, first, 'a');
    // The same person again: nothing is created (they are emailed their link), so the count stays at 1.
    expect((await register(deps, { ...first }, 'a')).created).toBe(false);
    expect(await invitationUses(t.db, 'vip', sha256Hex(vip.code))).toBe(1);
  });

  it('test_wrong_codes_are_limited_per_client_and_a_right_code_is_not_even_compared_past_the_limit', async () => {
    const { code, catalog } = vipTicket(100);
    const deps = await makeDeps(t, { catalog });
    for (let i = 0; i < WRONG_CODE_LIMITS.perClient; i++) {
      const refusal = await rejects(register(deps, form({ ticket: 'vip', invitationCode: `GUESS-${i}` }), 'guesser'));
      expect(refusal.fields).toEqual({ invitationCode: 'form.error.invitationCode' });
    }
    await rateLimited(register(deps, form({ ticket: 'vip', invitationCode: code }), 'guesser'));
    // A right code from someone else still works, and does not count as an attempt.
    await register(deps, form({ ticket: 'vip', invitationCode: code }), 'invitee');
  });

  it('test_wrong_codes_against_a_ticket_from_many_clients_lock_its_codes_for_the_hour', async () => {
    const { code, catalog } = vipTicket(100);
    const deps = await makeDeps(t, { catalog });
    const clients = Math.ceil(WRONG_CODE_LIMITS.perTicket / WRONG_CODE_LIMITS.perClient);
    for (let c = 0; c < clients; c++) {
      for (let i = 0; i < WRONG_CODE_LIMITS.perClient; i++) {
        await rejects(register(deps, form({ ticket: 'vip', invitationCode: `GUESS-${c}-${i}` }), `botnet-${c}`));
      }
    }
    const refusal = await rateLimited(register(deps, form({ ticket: 'vip', invitationCode: code }), 'fresh-client'));
    expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(3600);
    // Other tickets' codes are not affected.
    await register(deps, form({ ticket: 'invited', invitationCode: 'TEST-INVITE' }), 'fresh-client');
    deps.clock.advance(3600_000);
    await register(deps, form({ ticket: 'vip', invitationCode: code }), 'fresh-client');
  });
});
