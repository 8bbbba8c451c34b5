/**
 * One parallel-session choice per time block: each chosen session takes a seat on its own, a
 * full one puts only that choice on its waiting list (the registration stays confirmed), a
 * freed seat goes to the oldest waiting choice of a seated registration with its own email,
 * and "my registration" changes one block's choice at a time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { seatsLeft, sessionCapacityId } from '../../src/features/capacity/capacity.repository.ts';
import { cancelRegistration } from '../../src/features/payments/payment.service.ts';
import { sessionBlocks } from '../../src/features/registration/catalog.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { changeSessionChoice } from '../../src/features/registration/session-change.service.ts';
import { choicesWithPositions } from '../../src/features/registration/session-choice.repository.ts';
import { findRegistration } from '../../src/features/registration/registration.repository.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { rejects } from '../support/domain.ts';
import { BLOCK_1, BLOCK_2, form, makeCatalog, makeDeps } from '../support/deps.ts';

describe('time blocks', () => {
  it('test_session_blocks_group_overlapping_parallel_sessions_by_day_in_time_order', () => {
    const blocks = sessionBlocks(makeCatalog());
    expect(blocks.map((b) => [b.id, b.day, b.start, b.end, b.sessions.map((s) => s.id)])).toEqual([
      [BLOCK_1, 1, '14:00', '17:00', ['p1', 'p2']],
      [BLOCK_2, 2, '09:00', '12:00', ['p3', 'p4']],
    ]);
  });
});

describe.each(dialects)('session choices on %s', (dialect) => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const t of dbs) await t.drop();
  });

  async function setup(options: { parallelSeats?: number; mainSeats?: number } = {}) {
    const t = await createTestDb(dialect);
    dbs.push(t);
    const deps = await makeDeps(t, { catalog: makeCatalog(options) });
    const taken = async (id: string) => (await seatsLeft(t.db, [sessionCapacityId(id)])).get(sessionCapacityId(id))?.taken;
    const choices = async (registrationId: string) => {
      const reg = (await findRegistration(t.db, registrationId))!;
      return (await choicesWithPositions(t.db, reg)).map((c) => [c.session_id, c.status, c.position]);
    };
    const emails = async (registrationId: string) =>
      (await t.db.selectFrom('outbox').select(['kind', 'payload']).orderBy('created_at').execute())
        .filter((r) => JSON.parse(r.payload).registrationId === registrationId)
        .map((r) => ({ kind: r.kind, payload: JSON.parse(r.payload) as { choices?: unknown[]; promotedSession?: string } }));
    // One second between registrations: the waiting lists' order is the order they came in.
    const registerNext = async (...args: Parameters<typeof register>) => {
      deps.clock.advance(1000);
      return register(...args);
    };
    return { t, deps, taken, choices, emails, registerNext };
  }

  it('test_register_takes_one_seat_per_chosen_session_and_none_for_a_block_left_empty', async () => {
    const { deps, taken, choices, registerNext } = await setup();
    const a = await registerNext(deps, form({ sessions: { [BLOCK_1]: 'p2', [BLOCK_2]: 'p3' } }), 'c');
    const b = await registerNext(deps, form({ sessions: { [BLOCK_1]: 'none', [BLOCK_2]: 'p3' } }), 'c');
    const c = await registerNext(deps, form({ ticket: 'free', sessions: {} }), 'c');
    expect([a.status, b.status, c.status]).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect(await choices(a.registrationId)).toEqual([
      ['p2', 'seated', undefined],
      ['p3', 'seated', undefined],
    ]);
    expect(await choices(b.registrationId)).toEqual([['p3', 'seated', undefined]]);
    expect(await choices(c.registrationId)).toEqual([]);
    expect([await taken('p1'), await taken('p2'), await taken('p3'), await taken('p4')]).toEqual([0, 1, 2, 0]);
  });

  it('test_a_full_session_puts_only_that_choice_on_its_waiting_list_and_the_registration_stays_confirmed', async () => {
    const { deps, choices, emails, registerNext } = await setup({ parallelSeats: 1 });
    await registerNext(deps, form({ sessions: { [BLOCK_1]: 'p2', [BLOCK_2]: 'p3' } }), 'c');
    const b = await registerNext(deps, form({ sessions: { [BLOCK_1]: 'p2', [BLOCK_2]: 'p4' } }), 'c');
    const c = await registerNext(deps, form({ sessions: { [BLOCK_1]: 'p2' } }), 'c');
    expect([b.status, c.status]).toEqual(['confirmed', 'confirmed']);
    expect(await choices(b.registrationId)).toEqual([
      ['p2', 'waiting', 1],
      ['p4', 'seated', undefined],
    ]);
    expect(await choices(c.registrationId)).toEqual([['p2', 'waiting', 2]]);
    const [confirmed] = await emails(b.registrationId);
    expect(confirmed?.kind).toBe('registration-confirmed');
    expect(confirmed?.payload.choices).toEqual([
      { blockId: BLOCK_1, sessionId: 'p2', session: 'P2 · Opening plenary', status: 'waiting', position: 1 },
      { blockId: BLOCK_2, sessionId: 'p4', session: 'P4 · Opening plenary', status: 'seated' },
    ]);
  });

  it('test_a_freed_session_seat_goes_to_the_oldest_waiting_choice_with_one_email', async () => {
    const { deps, taken, choices, emails, registerNext } = await setup({ parallelSeats: 1 });
    const a = await registerNext(deps, form({ sessions: { [BLOCK_1]: 'p1', [BLOCK_2]: 'p3' } }), 'c');
    const b = await registerNext(deps, form({ sessions: { [BLOCK_1]: 'p1', [BLOCK_2]: 'p4' } }), 'c');
    const c = await registerNext(deps, form({ sessions: { [BLOCK_1]: 'p1' } }), 'c');
    await cancelRegistration(deps, a.personId);
    expect(await choices(b.registrationId)).toEqual([
      ['p1', 'seated', undefined],
      ['p4', 'seated', undefined],
    ]);
    expect(await choices(c.registrationId)).toEqual([['p1', 'waiting', 1]]);
    expect((await emails(b.registrationId)).map((e) => e.kind)).toEqual(['registration-confirmed', 'registration-session-promoted']);
    expect((await emails(b.registrationId))[1]?.payload.promotedSession).toBe('P1 · Opening plenary');
    expect((await emails(c.registrationId)).map((e) => e.kind)).toEqual(['registration-confirmed']);
    expect([await taken('p1'), await taken('p3'), await taken('p4')]).toEqual([1, 0, 1]);
  });

  it('test_waiting_choices_of_a_waitlisted_registration_wait_until_it_is_promoted_and_keep_their_order', async () => {
    const { deps, choices, emails, registerNext } = await setup({ parallelSeats: 1, mainSeats: 2 });
    const a = await registerNext(deps, form({ session: 'p1' }), 'c');
    const b = await registerNext(deps, form({ session: 'p1' }), 'c');
    const w = await registerNext(deps, form({ session: 'p1' }), 'c');
    expect([a.status, b.status, w.status]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    expect(await choices(w.registrationId)).toEqual([['p1', 'waiting', undefined]]);
    // A leaves: the forum seat goes to W, the session seat to B (who waited for it first).
    await cancelRegistration(deps, a.personId);
    expect((await findRegistration(deps.db, w.registrationId))?.status).toBe('confirmed');
    expect(await choices(b.registrationId)).toEqual([['p1', 'seated', undefined]]);
    expect(await choices(w.registrationId)).toEqual([['p1', 'waiting', 1]]);
    expect((await emails(w.registrationId)).map((e) => e.kind)).toEqual(['registration-waitlisted', 'registration-promoted']);
  });

  it('test_change_one_block_moves_the_seat_joins_a_full_waiting_list_or_drops_the_choice', async () => {
    const { deps, taken, choices, emails, registerNext } = await setup({ parallelSeats: 1 });
    const a = await registerNext(deps, form({ sessions: { [BLOCK_1]: 'p1', [BLOCK_2]: 'p3' } }), 'c');
    const b = await registerNext(deps, form({ sessions: { [BLOCK_1]: 'p2', [BLOCK_2]: 'p3' } }), 'c');
    expect(await choices(b.registrationId)).toEqual([
      ['p2', 'seated', undefined],
      ['p3', 'waiting', 1],
    ]);
    // B moves to the full p1: it waits there, and its p2 seat is free again.
    expect(await changeSessionChoice(deps, b.personId, BLOCK_1, 'p1')).toBe('waiting');
    expect([await taken('p1'), await taken('p2')]).toEqual([1, 0]);
    // A drops its day-2 choice: B's waiting p3 choice gets the seat, the other block is untouched.
    expect(await changeSessionChoice(deps, a.personId, BLOCK_2, null)).toBe('removed');
    expect(await choices(a.registrationId)).toEqual([['p1', 'seated', undefined]]);
    expect(await choices(b.registrationId)).toEqual([
      ['p1', 'waiting', 1],
      ['p3', 'seated', undefined],
    ]);
    expect((await emails(b.registrationId)).filter((e) => e.kind === 'registration-session-promoted')).toHaveLength(1);
    expect(await changeSessionChoice(deps, a.personId, BLOCK_1, 'p1')).toBe('unchanged');
    expect((await rejects(changeSessionChoice(deps, a.personId, BLOCK_1, 'p3'))).fields).toEqual({
      [`session.${BLOCK_1}`]: 'form.error.choice',
    });
    expect((await rejects(changeSessionChoice(deps, a.personId, 'd9-0000', 'p1'))).code).toBe('InvalidInput');
  });
});
