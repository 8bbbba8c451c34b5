/**
 * Links and sign-in: a magic link works LINK_VALID_DAYS from when it is issued; opening it
 * ("Continue") stores a new session token, never the link's; signing out ends one session,
 * signing out everywhere every link and session; cancelling revokes the person's links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  issueAccessToken,
  personForLink,
  personForSession,
  signOut,
  signOutEverywhere,
} from '../../src/features/identity/access.service.ts';
import { signIn } from '../../src/features/identity/sign-in.service.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { cancelRegistration } from '../../src/features/payments/payment.service.ts';
import { cancelBooking } from '../../src/features/visits/visit-booking.service.ts';
import { syncSlotCapacities } from '../../src/features/visits/visit-jobs.service.ts';
import { sha256Hex } from '../../src/features/shared/secrets.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { rejects } from '../support/domain.ts';
import { form, makeCatalog, makeDeps, type TestDeps } from '../support/deps.ts';
import { bookVisitForm, visitForm } from '../support/visits.ts';

const DAY = 86_400_000;

/** The person a link opens, or the refusal's code. */
const opens = (deps: TestDeps, link: string) => personForLink(deps, link).catch((error: { code?: string }) => error.code);
const signedInAs = (deps: TestDeps, session: string) => personForSession(deps, session).catch((error: { code?: string }) => error.code);

describe.each(dialects)('links and sessions on %s', (dialect) => {
  let t: TestDb;
  let deps: TestDeps;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    deps = await makeDeps(t, { catalog: makeCatalog({ parallelSeats: 100, slotSeats: 50 }) });
    await syncSlotCapacities(deps);
  });
  afterAll(() => t.drop());

  it('test_a_link_expires_link_valid_days_after_it_is_issued', async () => {
    const { personId } = await register(deps, form(), 'c');
    const start = deps.clock.now();
    const link = await issueAccessToken(deps, personId);
    const short = { ...deps, config: { ...deps.config, linkValidDays: 3 } };
    const shortLink = await issueAccessToken(short, personId);
    try {
      deps.clock.set(new Date(start.getTime() + 3 * DAY - 1000));
      expect([await opens(deps, link), await opens(deps, shortLink)]).toEqual([personId, personId]);
      deps.clock.set(new Date(start.getTime() + 3 * DAY + 1000));
      expect(await opens(deps, shortLink)).toBe('InvalidToken');
      deps.clock.set(new Date(start.getTime() + 14 * DAY - 1000));
      expect(await opens(deps, link)).toBe(personId);
      deps.clock.set(new Date(start.getTime() + 14 * DAY + 1000));
      expect(await opens(deps, link)).toBe('InvalidToken');
      expect((await rejects(signIn(deps, link))).code).toBe('InvalidToken');
    } finally {
      deps.clock.set(start);
    }
  });

  it('test_signing_in_stores_a_new_session_token_and_never_the_link_token', async () => {
    const { personId } = await register(deps, form(), 'c');
    const link = await issueAccessToken(deps, personId);
    const session = await signIn(deps, link);
    expect(session.token).not.toBe(link);
    expect(await signedInAs(deps, session.token)).toBe(personId);
    // The link is no session, and the session no link.
    expect(await signedInAs(deps, link)).toBe('InvalidToken');
    expect(await opens(deps, session.token)).toBe('InvalidToken');
    const rows = await t.db.selectFrom('access_session').selectAll().where('person_id', '=', personId).execute();
    expect(rows.map((r) => r.token_hash)).toEqual([sha256Hex(session.token)]);
    expect(JSON.stringify(rows)).not.toContain(session.token);
    expect(rows[0]?.expires_at).toBe(new Date(deps.clock.now().getTime() + 14 * DAY).toISOString());
    expect((await rejects(signIn(deps, 'A'.repeat(22)))).code).toBe('InvalidToken');
  });

  it('test_sign_out_ends_this_browser_session_only', async () => {
    const { personId } = await register(deps, form(), 'c');
    const link = await issueAccessToken(deps, personId);
    const laptop = await signIn(deps, link);
    const phone = await signIn(deps, link);
    await signOut(deps, laptop.token);
    expect(await signedInAs(deps, laptop.token)).toBe('InvalidToken');
    expect(await signedInAs(deps, phone.token)).toBe(personId);
    expect(await opens(deps, link)).toBe(personId);
    await signOut(deps, undefined); // no cookie: nothing to do
  });

  it('test_sign_out_everywhere_revokes_every_link_and_session_of_the_person', async () => {
    const { personId } = await register(deps, form(), 'c');
    const other = await register(deps, form(), 'c');
    const links = [await issueAccessToken(deps, personId), await issueAccessToken(deps, personId)];
    const sessions = [await signIn(deps, links[0]), await signIn(deps, links[1])];
    const othersLink = await issueAccessToken(deps, other.personId);
    const othersSession = await signIn(deps, othersLink);
    await signOutEverywhere(deps, personId);
    for (const link of links) expect(await opens(deps, link)).toBe('InvalidToken');
    for (const session of sessions) expect(await signedInAs(deps, session.token)).toBe('InvalidToken');
    expect(await opens(deps, othersLink)).toBe(other.personId);
    expect(await signedInAs(deps, othersSession.token)).toBe(other.personId);
    // A link emailed afterwards works again.
    expect(await opens(deps, await issueAccessToken(deps, personId))).toBe(personId);
  });

  it('test_cancelling_the_registration_revokes_the_links_so_none_opens_a_later_one', async () => {
    const f = form();
    const first = await register(deps, f, 'c');
    const link = await issueAccessToken(deps, first.personId);
    await cancelRegistration(deps, first.personId);
    expect(await opens(deps, link)).toBe('InvalidToken');
    const again = await register(deps, f, 'c');
    expect(again).toMatchObject({ created: true, personId: first.personId });
    expect(await opens(deps, link)).toBe('InvalidToken');
  });

  it('test_cancelling_the_last_live_booking_revokes_the_links', async () => {
    const a = await bookVisitForm(deps, visitForm(1), 'c');
    const b = await bookVisitForm(deps, visitForm(1, { slot: 'slot-b', email: (await emailOf(t, a.personId)).toUpperCase() }), 'c');
    expect(b.personId).toBe(a.personId);
    const link = await issueAccessToken(deps, a.personId);
    await cancelBooking(deps, a.personId, a.bookingId);
    expect(await opens(deps, link)).toBe(a.personId);
    await cancelBooking(deps, a.personId, b.bookingId);
    expect(await opens(deps, link)).toBe('InvalidToken');
  });
});

async function emailOf(t: TestDb, personId: string): Promise<string> {
  return (await t.db.selectFrom('person').select('email').where('id', '=', personId).executeTakeFirstOrThrow()).email;
}
