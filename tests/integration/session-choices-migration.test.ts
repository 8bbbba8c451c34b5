/**
 * The migration to one session choice per block moves each registration's former session into
 * session_choice (seated when it held a seat in that session, else waiting in the
 * registration's order), drops registration.session_id, and the application then files the
 * moved choices under their blocks (syncChoiceBlocks). Down brings the column back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import * as sessionChoices from '../../src/db/migrations/2026-11-30T0400-session-choices.ts';
import { syncChoiceBlocks } from '../../src/features/registration/session-choice.repository.ts';
import { sessionBlocks } from '../../src/features/registration/catalog.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { makeCatalog } from '../support/deps.ts';

async function insertOldRegistration(db: Kysely<any>, id: string, sessionId: string | null, status: string, createdAt: string) {
  await db
    .insertInto('person')
    .values({ id: `person-${id}`, email: `${id}@example.org`, created_at: createdAt })
    .execute();
  await db
    .insertInto('registration')
    .values({
      id,
      edition: 'test',
      person_id: `person-${id}`,
      email: `${id}@example.org`,
      ticket_id: 'free',
      category_id: 'mainland',
      session_id: sessionId,
      status,
      name: id,
      organization: 'Org',
      job_title: '',
      phone: '',
      country: 'X',
      dietary: '',
      accessibility: '',
      interpretation: 'none',
      locale: 'en',
      letter_requested: 0,
      consent_at: createdAt,
      amount_cents: 0,
      currency: 'CNY',
      created_at: createdAt,
      updated_at: createdAt,
    })
    .execute();
}

describe.each(dialects)('session choices migration on %s', (dialect) => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const t of dbs) await t.drop();
  });

  it('test_migration_moves_each_session_into_a_seated_or_waiting_choice_and_drops_the_column', async () => {
    const t = await createTestDb(dialect);
    dbs.push(t);
    const db = t.db as unknown as Kysely<any>;
    await sessionChoices.down(db);
    await db.insertInto('capacity').values({ id: 'session:p1', seat_limit: 1, taken: 1, updated_at: '2024-11-01T00:00:00.000Z' }).execute();
    await insertOldRegistration(db, 'seated', 'p1', 'confirmed', '2024-11-01T00:00:00.000Z');
    await db.insertInto('seat_hold').values({ owner_id: 'seated', capacity_id: 'session:p1', seats: 1 }).execute();
    await insertOldRegistration(db, 'waiting', 'p1', 'waitlisted', '2024-11-01T00:01:00.000Z');
    await insertOldRegistration(db, 'nothing', null, 'confirmed', '2024-11-01T00:02:00.000Z');

    await sessionChoices.up(db);
    const rows = await t.db.selectFrom('session_choice').selectAll().orderBy('registration_id').execute();
    expect(rows.map((r) => [r.registration_id, r.block_id, r.session_id, r.status, r.waiting_since])).toEqual([
      ['seated', 'pre-blocks', 'p1', 'seated', null],
      ['waiting', 'pre-blocks', 'p1', 'waiting', '2024-11-01T00:01:00.000Z'],
    ]);
    const columns = (await t.db.introspection.getTables()).find((x) => x.name === 'registration')!.columns.map((c) => c.name);
    expect(columns).not.toContain('session_id');

    // At start the application files them under the block of their session.
    const blocks = sessionBlocks(makeCatalog()).map((b) => ({ id: b.id, sessionIds: b.sessions.map((s) => s.id) }));
    await syncChoiceBlocks(t.db, blocks);
    expect((await t.db.selectFrom('session_choice').select('block_id').distinct().execute()).map((r) => r.block_id)).toEqual(['d1-1400']);

    // Down puts the session back on the registration.
    await sessionChoices.down(db);
    const back = await sql<{ id: string; session_id: string | null }>`select id, session_id from registration order by id`.execute(db);
    expect(back.rows).toEqual([
      { id: 'nothing', session_id: null },
      { id: 'seated', session_id: 'p1' },
      { id: 'waiting', session_id: 'p1' },
    ]);
    await sessionChoices.up(db);
  });
});
