/**
 * What one registration costs the database: the statements it sends (counted by a Kysely
 * plugin on the real connection), the query plan of the "already registered?" lookup (an index
 * seek on the person, however many registrations are stored), and the prepared statements
 * SQLite keeps instead of compiling the same SQL on every request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery, type KyselyPlugin, type Kysely } from 'kysely';
import SQLite from 'better-sqlite3';
import type { Database } from '../../src/db/schema.ts';
import { reusingStatements } from '../../src/db/database.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { liveRegistrationQuery } from '../../src/features/registration/registration.repository.ts';
import { seatsLeft, sessionCapacityId } from '../../src/features/capacity/capacity.repository.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { form, makeCatalog, makeDeps, type TestDeps } from '../support/deps.ts';
import { pgMessages } from '../support/pg-messages.ts';

/** Counts every statement Kysely builds on the database it is plugged into (transactions included). */
function counting(db: Kysely<Database>) {
  const counter = { statements: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      counter.statements += 1;
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  return { db: db.withPlugin(plugin), counter };
}

/** Many people with a registration each (every 7th cancelled), copies of a real one written straight into the tables. */
async function storeRegistrations(t: TestDb, deps: TestDeps, count: number) {
  const stamp = '2024-11-01T00:00:00.000Z';
  const template = await register(deps, form({ session: 'none' }), 'client-template');
  const row = await t.db.selectFrom('registration').selectAll().where('id', '=', template.registrationId).executeTakeFirstOrThrow();
  for (let start = 0; start < count; start += 200) {
    const people = Array.from({ length: Math.min(200, count - start) }, (_, i) => `seeded-${start + i}`);
    await t.db
      .insertInto('person')
      .values(people.map((id) => ({ id, email: `${id}@example.org`, created_at: stamp })))
      .execute();
    await t.db
      .insertInto('registration')
      .values(
        people.map((id, i) => ({
          ...row,
          id: `reg-${id}`,
          person_id: id,
          email: `${id}@example.org`,
          status: i % 7 ? 'confirmed' : 'cancelled',
        })),
      )
      .execute();
  }
}

describe.each(dialects)('cost of a registration on %s', (dialect) => {
  let t: TestDb;
  let deps: TestDeps;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    deps = await makeDeps(t, { catalog: makeCatalog({ parallelSeats: 100, mainSeats: 100 }) });
  });
  afterAll(() => t.drop());

  it('test_a_new_registration_with_a_session_choice_sends_at_most_8_statements', async () => {
    const ids = [sessionCapacityId('main'), sessionCapacityId('p2')];
    const before = await seatsLeft(t.db, ids);
    const { db, counter } = counting(t.db);
    const result = await register({ ...deps, db }, form({ session: 'p2' }), 'client-count');
    expect(result.status).toBe('confirmed');
    // the client's and the address's rate limits (one statement), person, registration, its choice,
    // the email, the seat holds, forum seat, session seat
    expect(counter.statements).toBeLessThanOrEqual(8);
    const after = await seatsLeft(t.db, ids);
    for (const id of ids) expect(after.get(id)!.taken - before.get(id)!.taken).toBe(1);
  });

  it('test_the_live_registration_lookup_is_an_index_seek_on_the_person', async () => {
    await storeRegistrations(t, deps, 2000);
    const compiled = liveRegistrationQuery(t.db, deps.catalog.edition, 'seeded-43').compile();
    let plan: string;
    if (dialect === 'sqlite') {
      const rows = await t.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
      );
      plan = rows.rows.map((r) => r.detail).join('\n');
    } else {
      await t.db.executeQuery(CompiledQuery.raw('analyze registration'));
      const rows = await t.db.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
      );
      plan = rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    }
    expect(plan).toMatch(/registration_one_live_per_person/);
    if (dialect === 'sqlite') expect(plan).toMatch(/USING INDEX registration_one_live_per_person \(edition=\? AND person_id=\?\)/);
    // And it finds what it should: the live one, not a cancelled one.
    expect((await liveRegistrationQuery(t.db, deps.catalog.edition, 'seeded-43').executeTakeFirst())?.id).toBe('reg-seeded-43');
    expect(
      await liveRegistrationQuery(t.db, deps.catalog.edition, 'seeded-43').where('id', '=', 'none').executeTakeFirst(),
    ).toBeUndefined();
    expect(await liveRegistrationQuery(t.db, deps.catalog.edition, 'seeded-0').executeTakeFirst()).toBeUndefined();
  });
});

// better-sqlite3 sends no messages: PostgreSQL only.
describe('messages of a registration on postgres', () => {
  let t: TestDb;
  let deps: TestDeps;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    deps = await makeDeps(t, { catalog: makeCatalog({ parallelSeats: 100, mainSeats: 100 }) });
  });
  afterAll(() => t.drop());

  it('test_a_new_registration_with_its_rate_limits_reaches_the_server_in_1_message_and_is_committed', async () => {
    let result: Awaited<ReturnType<typeof register>> | undefined;
    const counted = await hitsCounted(t);
    const sent = await pgMessages(async () => {
      result = await register(deps, form({ session: 'p2' }), 'client-messages');
    });
    // BEGIN, the person, the registration, its choice and its email, the client's and the
    // address's rate limits, the seat holds with both seat takes, and the COMMIT, each with its
    // values bound (src/db/pg-client.ts)
    expect(sent, sent.join('\n')).toHaveLength(1);
    expect(sent[0].split('; ').map((statement) => statement.split(' (')[0])).toEqual([
      'begin',
      'insert into "person"',
      'insert into "registration"',
      'insert into "session_choice"',
      'insert into "outbox"',
      'call count_hit($1, $2, $3, $4, $5)',
      'call count_hit($1, $2, $3, $4, $5)',
      'call take_seats($1, $2::text[], $3::integer[], $4)',
      'commit',
    ]);
    expect(await hitsCounted(t)).toBe(counted + 2);
    // committed: another connection sees it, and the connection is back in the pool, idle
    const row = await t.db
      .selectFrom('registration')
      .innerJoin('person', 'person.id', 'registration.person_id')
      .select(['registration.status', 'person.id'])
      .where('registration.id', '=', result!.registrationId)
      .executeTakeFirst();
    expect(row).toEqual({ status: 'confirmed', id: result!.personId });
    const again = await register(deps, form({ session: 'p2' }), 'client-messages');
    expect(again.status).toBe('confirmed');
  });

  it('test_a_known_address_is_read_after_the_attempt_that_took_it_for_new_is_rolled_back', async () => {
    const first = await register(deps, form({ session: 'none' }), 'client-known');
    await t.db.updateTable('registration').set({ status: 'cancelled' }).where('id', '=', first.registrationId).execute();
    const email = await emailOf(t, first.personId);
    let result: Awaited<ReturnType<typeof register>> | undefined;
    const counted = await hitsCounted(t);
    const sent = await pgMessages(async () => {
      result = await register(deps, form({ session: 'none', email }), 'client-known');
    });
    // the attempt as a new address (its person breaks the unique email) and its ROLLBACK; then
    // the person read first (BEGIN with the insert that finds it there, its id, its live
    // registration: none), and the rest with the rate limits and the COMMIT
    expect(sent, sent.join('\n')).toHaveLength(6);
    expect(sent[0]).toMatch(/^begin; insert into "person" [^;]*; insert into "registration" /);
    expect(sent[1]).toBe('rollback');
    expect(sent[2]).toMatch(/^begin; insert into "person" .* on conflict .* returning "id"$/s);
    expect(sent[3]).toMatch(/^select "id" from "person"/);
    expect(sent[4]).toMatch(/^select \* from "registration"/);
    expect(sent[5]).toMatch(
      /^insert into "registration" [^;]*; insert into "outbox" [^;]*; call count_hit\([^;]*; call count_hit\([^;]*; call take_seats\([^;]*; commit$/,
    );
    // counted once: the rolled-back attempt's counts went with it
    expect(await hitsCounted(t)).toBe(counted + 2);
    expect(result).toMatchObject({ created: true, personId: first.personId, status: 'confirmed' });
    const people = await t.db.selectFrom('person').select('id').where('email', '=', email).execute();
    expect(people).toEqual([{ id: first.personId }]);
  });
});

/** Every hit counted in every rate-limit window so far. */
async function hitsCounted(t: TestDb): Promise<number> {
  const { total } = await t.db
    .selectFrom('rate_limit')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('hits'), eb.lit(0)).as('total'))
    .executeTakeFirstOrThrow();
  return Number(total);
}

/** The address of a person, as stored. */
async function emailOf(t: TestDb, personId: string): Promise<string> {
  return (await t.db.selectFrom('person').select('email').where('id', '=', personId).executeTakeFirstOrThrow()).email;
}

describe('prepared statements on SQLite', () => {
  it('test_the_same_sql_is_compiled_once_and_the_oldest_is_dropped_beyond_the_limit', () => {
    const sqlite = new SQLite(':memory:');
    const compiled: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = (source: string) => {
      compiled.push(source);
      return prepare(source);
    };
    const db = reusingStatements(sqlite, 2);
    const first = db.prepare('select 1');
    expect(db.prepare('select 1')).toBe(first);
    db.prepare('select 2');
    db.prepare('select 1');
    db.prepare('select 3'); // drops "select 2", the least recently used
    db.prepare('select 1');
    db.prepare('select 2');
    expect(compiled).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
    db.close();
  });
});
