/**
 * Queries compiled once and run with new values (src/db/prepared.ts), on both databases. Both
 * run in this one process with the same query keys: SQLite writes `?` and PostgreSQL `$1`, so a
 * cache shared between the two would fail the second.
 */
import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRow, insertRows, runPrepared } from '../../src/db/prepared.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { form, makeCatalog, makeDeps } from '../support/deps.ts';

const stamp = '2024-11-01T00:00:00.000Z';

describe.each(dialects)('queries compiled once on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => t.drop());

  const capacity = (id: string) => t.db.selectFrom('capacity').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('test_insert_row_binds_each_calls_values_on_the_database_and_in_a_transaction', async () => {
    await insertRow(t.db, 'capacity', { id: 'first', seat_limit: 10, taken: 1, updated_at: stamp });
    await insertRow(t.db, 'capacity', { id: 'second', seat_limit: 20, taken: 2, updated_at: stamp });
    await inTransaction(t.db, (trx) => insertRow(trx, 'capacity', { id: 'third', seat_limit: 30, taken: 3, updated_at: stamp }));
    expect(await capacity('first')).toEqual({ id: 'first', seat_limit: 10, taken: 1, updated_at: stamp });
    expect(await capacity('second')).toEqual({ id: 'second', seat_limit: 20, taken: 2, updated_at: stamp });
    expect(await capacity('third')).toEqual({ id: 'third', seat_limit: 30, taken: 3, updated_at: stamp });
  });

  it('test_a_column_whose_value_is_undefined_is_left_out_as_kysely_leaves_it_out', async () => {
    const email = {
      id: 'mail-1',
      kind: 'test',
      recipient: 'someone@example.org',
      locale: 'en',
      payload: '{}',
      status: 'pending' as const,
      attempts: 0,
      next_attempt_at: stamp,
      locked_until: null,
      locked_by: null,
      last_error: null,
      provider_id: null,
      created_at: stamp,
      sent_at: null,
    };
    await insertRow(t.db, 'outbox', email);
    await insertRow(t.db, 'outbox', { ...email, id: 'mail-2', sent_at: undefined as unknown as null, provider_id: 'p-2' });
    const rows = await t.db.selectFrom('outbox').select(['id', 'sent_at', 'provider_id']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'mail-1', sent_at: null, provider_id: null },
      { id: 'mail-2', sent_at: null, provider_id: 'p-2' },
    ]);
  });

  it('test_a_prepared_query_keeps_its_constants_and_binds_new_values_each_time', async () => {
    await insertRow(t.db, 'capacity', { id: 'counted', seat_limit: 5, taken: 0, updated_at: stamp });
    const add = (id: string, seats: number) =>
      runPrepared(t.db, 'test: add seats', { id, seats }, (v) =>
        t.db
          .updateTable('capacity')
          .set({ taken: sql<number>`taken + ${v.seats}`, seat_limit: 100 })
          .where('id', '=', v.id)
          .returning(['taken', 'seat_limit']),
      );
    expect((await add('counted', 2)).rows).toEqual([{ taken: 2, seat_limit: 100 }]);
    expect((await add('counted', 5)).rows).toEqual([{ taken: 7, seat_limit: 100 }]);
    expect((await add('nobody', 5)).rows).toEqual([]);
  });

  it('test_insert_rows_writes_every_row_each_time_whatever_their_number', async () => {
    const hold = (owner: string, capacity: string, seats: number) => ({ owner_id: owner, capacity_id: capacity, seats });
    for (const id of ['rows-a', 'rows-b', 'rows-c']) await insertRow(t.db, 'capacity', { id, seat_limit: 10, taken: 0, updated_at: stamp });
    await insertRows(t.db, 'seat_hold', [hold('o1', 'rows-a', 1), hold('o1', 'rows-b', 2)]);
    await insertRows(t.db, 'seat_hold', [hold('o2', 'rows-a', 3), hold('o2', 'rows-c', 4)]);
    await insertRows(t.db, 'seat_hold', [hold('o3', 'rows-a', 5), hold('o3', 'rows-b', 6), hold('o3', 'rows-c', 7)]);
    await insertRows(t.db, 'seat_hold', []);
    const holds = await t.db
      .selectFrom('seat_hold')
      .select(['owner_id', 'capacity_id', 'seats'])
      .where('capacity_id', 'like', 'rows-%')
      .orderBy('seats')
      .execute();
    expect(holds).toEqual([
      hold('o1', 'rows-a', 1),
      hold('o1', 'rows-b', 2),
      hold('o2', 'rows-a', 3),
      hold('o2', 'rows-c', 4),
      hold('o3', 'rows-a', 5),
      hold('o3', 'rows-b', 6),
      hold('o3', 'rows-c', 7),
    ]);
    const partial = { owner_id: 'o4', capacity_id: 'rows-a', seats: undefined as unknown as number };
    await expect(insertRows(t.db, 'seat_hold', [hold('o4', 'rows-b', 1), partial])).rejects.toThrow('rows with different columns');
  });

  it('test_a_value_the_query_never_binds_is_refused_rather_than_ignored', async () => {
    await expect(
      runPrepared(t.db, 'test: unbound', { id: 'first', limit: 3 }, (v) => t.db.selectFrom('capacity').selectAll().where('id', '=', v.id)),
    ).rejects.toThrow('prepared query test: unbound: limit not bound');
  });

  it('test_on_a_database_with_a_plugin_the_query_is_built_every_time_so_the_plugin_sees_each_one', async () => {
    let seen = 0;
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        seen += 1;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    };
    const db = t.db.withPlugin(plugin);
    await insertRow(db, 'capacity', { id: 'plugged-1', seat_limit: 1, taken: 0, updated_at: stamp });
    await insertRow(db, 'capacity', { id: 'plugged-2', seat_limit: 1, taken: 0, updated_at: stamp });
    expect(seen).toBe(2);
    expect((await capacity('plugged-2')).seat_limit).toBe(1);
  });
});

describe('prepared queries on PostgreSQL', () => {
  let t: TestDb;
  beforeAll(async () => {
    // One connection: every query below meets the statements the ones before it prepared.
    t = await createTestDb('postgres', { poolSize: 1 });
  });
  afterAll(async () => t.drop());

  const prepared = async () =>
    (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`.execute(t.db)).rows;
  const row = (id: string) => ({ id, seat_limit: 1, taken: 0, updated_at: stamp });

  it('test_a_prepared_query_is_parsed_once_per_connection_and_survives_failures_and_rollbacks', async () => {
    await insertRow(t.db, 'capacity', row('pg-1'));
    const [insert] = await prepared();
    expect(insert?.name).toMatch(/^forum_\d+$/);
    expect(insert?.statement).toMatch(/^insert into "capacity"/);
    // A failing run (the same id again) and a rolled-back transaction leave it usable.
    await expect(insertRow(t.db, 'capacity', row('pg-1'))).rejects.toThrow(/duplicate key/);
    await expect(
      inTransaction(t.db, async (trx) => {
        await insertRow(trx, 'capacity', row('pg-rolled-back'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await insertRow(t.db, 'capacity', row('pg-2'));
    expect(await prepared()).toEqual([insert]);
    const ids = await t.db.selectFrom('capacity').select('id').where('id', 'like', 'pg-%').orderBy('id').execute();
    expect(ids.map((r) => r.id)).toEqual(['pg-1', 'pg-2']);
    // Any other query is not prepared: nothing is kept for it.
    await t.db.selectFrom('capacity').select('id').where('id', '=', 'pg-2').execute();
    expect(await prepared()).toEqual([insert]);
  });
});

describe('prepared queries on PostgreSQL without named statements', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('postgres', { poolSize: 1, namedStatements: false });
  });
  afterAll(async () => t.drop());

  it('test_with_named_statements_off_nothing_is_kept_on_the_connection_and_the_rows_are_written', async () => {
    await insertRow(t.db, 'capacity', { id: 'plain-1', seat_limit: 1, taken: 0, updated_at: stamp });
    await insertRow(t.db, 'capacity', { id: 'plain-2', seat_limit: 2, taken: 0, updated_at: stamp });
    expect((await sql<{ name: string }>`select name from pg_prepared_statements`.execute(t.db)).rows).toEqual([]);
    const ids = await t.db.selectFrom('capacity').select('id').where('id', 'like', 'plain-%').orderBy('id').execute();
    expect(ids.map((r) => r.id)).toEqual(['plain-1', 'plain-2']);
  });

  it('test_with_named_statements_off_a_registration_travels_as_unnamed_statements_and_commits', async () => {
    // A pooler in transaction mode: the pipeline's statements are parsed unnamed, each time.
    const deps = await makeDeps(t, { catalog: makeCatalog({ parallelSeats: 100, mainSeats: 100 }) });
    for (const client of ['client-a', 'client-b']) {
      const result = await register(deps, form({ session: 'p2' }), client);
      expect(result).toMatchObject({ created: true, status: 'confirmed' });
    }
    expect((await sql<{ name: string }>`select name from pg_prepared_statements`.execute(t.db)).rows).toEqual([]);
    const { rows } = await sql<{ taken: number }>`select taken from capacity where id = 'session:p2'`.execute(t.db);
    expect(rows).toEqual([{ taken: 2 }]);
  });
});
