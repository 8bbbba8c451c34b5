/**
 * The messages the PostgreSQL clients send (src/db/pg-client.ts): a BEGIN travels with the first
 * statement, and after sendWritesLater an INSERT that returns nothing travels with the next
 * statement, each with its values bound (one pipeline, one write). Every message through
 * node-postgres is recorded; what the transactions
 * leave in the database is read back over another connection. The same transactions run on
 * SQLite, where sendWritesLater changes nothing.
 */
import { sql } from 'kysely';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../src/db/errors.ts';
import { ForumClient } from '../../src/db/pg-client.ts';
import { hitRateLimitsWithin, insertPerson } from '../../src/features/identity/identity.repository.ts';
import { inTransaction, sendWritesLater } from '../../src/db/transaction.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { pgMessages as messages } from '../support/pg-messages.ts';

const now = '2024-12-01T00:00:00.000Z';
describe('round trips of a transaction on postgres', () => {
  let t: TestDb;
  afterEach(async () => t?.drop());

  it('test_the_first_statement_carries_the_begin_and_an_empty_transaction_sends_nothing', async () => {
    t = await createTestDb('postgres', { poolSize: 1 });
    let one: unknown;
    const sent = await messages(async () => {
      one = await inTransaction(t.db, async (trx) => (await sql<{ one: number }>`select 1 as one`.execute(trx)).rows[0]?.one);
      await inTransaction(t.db, async () => {});
    });
    expect(one).toBe(1);
    expect(sent).toEqual(['begin; select 1 as one', 'commit']);
  });

  it('test_writes_sent_later_travel_with_the_next_statement_which_sees_them_and_they_commit', async () => {
    t = await createTestDb('postgres', { poolSize: 1 });
    let seen: unknown;
    const sent = await messages(() =>
      inTransaction(t.db, async (trx) => {
        await sendWritesLater(trx);
        await trx.insertInto('person').values({ id: 'p1', email: 'one@example.org', created_at: now }).execute();
        await trx.insertInto('person').values({ id: 'p2', email: 'two@example.org', created_at: now }).execute();
        seen = (
          await trx
            .selectFrom('person')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('created_at', '=', now)
            .executeTakeFirst()
        )?.n;
      }),
    );
    expect(Number(seen)).toBe(2);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(
      /^begin; insert into "person" \("id", "email", "created_at"\) values \(\$1, \$2, \$3\); insert into "person" [^;]*; select count\(\*\) as "n" from "person" where "created_at" = \$1$/,
    );
    expect(sent[1]).toBe('commit');
    expect(await t.db.selectFrom('person').select('id').orderBy('id').execute()).toEqual([{ id: 'p1' }, { id: 'p2' }]);
  });

  it('test_writes_waiting_at_the_end_go_with_the_commit_and_a_rollback_sends_what_never_left_nowhere', async () => {
    t = await createTestDb('postgres', { poolSize: 1 });
    const committed = await messages(() =>
      inTransaction(t.db, async (trx) => {
        await sendWritesLater(trx);
        await trx.selectFrom('person').select('id').where('email', '=', 'x@example.org').execute();
        await trx.insertInto('person').values({ id: 'p1', email: 'one@example.org', created_at: now }).execute();
      }),
    );
    expect(committed).toHaveLength(2);
    expect(committed[1]).toMatch(/^insert into "person" [^;]*; commit$/);
    const rolledBack = await messages(() =>
      inTransaction(t.db, async (trx) => {
        await sendWritesLater(trx);
        await trx.insertInto('person').values({ id: 'p2', email: 'two@example.org', created_at: now }).execute();
        throw new Error('changed my mind');
      }).catch((error: Error) => expect(error.message).toBe('changed my mind')),
    );
    expect(rolledBack).toEqual([]);
    expect(await t.db.selectFrom('person').select('id').execute()).toEqual([{ id: 'p1' }]);
  });

  it('test_the_error_of_a_waiting_insert_is_raised_by_the_commit_nothing_is_saved_and_the_connection_works_after', async () => {
    t = await createTestDb('postgres', { poolSize: 1 });
    await t.db.insertInto('person').values({ id: 'taken', email: 'taken@example.org', created_at: now }).execute();
    const failure = await inTransaction(t.db, async (trx) => {
      await sendWritesLater(trx);
      await trx.insertInto('person').values({ id: 'new', email: 'new@example.org', created_at: now }).execute();
      await trx.insertInto('person').values({ id: 'other', email: 'taken@example.org', created_at: now }).execute();
    }).catch((error: unknown) => error);
    expect(isUniqueViolation(failure)).toBe(true);
    expect(await t.db.selectFrom('person').select('id').execute()).toEqual([{ id: 'taken' }]);
    await inTransaction(t.db, async (trx) => {
      await sendWritesLater(trx);
      await trx.insertInto('person').values({ id: 'after', email: 'after@example.org', created_at: now }).execute();
    });
    expect(await t.db.selectFrom('person').select('id').orderBy('id').execute()).toEqual([{ id: 'after' }, { id: 'taken' }]);
  });

  it('test_writes_are_never_held_outside_a_transaction', async () => {
    t = await createTestDb('postgres', { poolSize: 1 });
    await expect(sendWritesLater(t.db as never)).rejects.toThrow('sendWritesLater outside a transaction');
    const sent = await messages(() => t.db.insertInto('person').values({ id: 'p1', email: 'one@example.org', created_at: now }).execute());
    expect(sent).toHaveLength(1);
    expect(await t.db.selectFrom('person').select('id').execute()).toEqual([{ id: 'p1' }]);
  });

  it('test_a_query_of_another_form_cannot_overtake_a_begin_that_waits', async () => {
    t = await createTestDb('postgres', { poolSize: 1 });
    const client = new ForumClient({ connectionString: t.url });
    await client.connect();
    try {
      await client.query('begin', []);
      expect(() => client.query('select 1')).toThrow('a query of another form while statements wait to be sent');
      const { rows } = (await client.query('select 2 as two', [])) as pg.QueryResult;
      expect(rows).toEqual([{ two: 2 }]);
      expect(client.getTransactionStatus()).toBe('T');
      await client.query('rollback', []);
    } finally {
      await client.end();
    }
  });

  it('test_a_statement_with_quotes_and_parameters_of_its_own_travels_with_the_waiting_writes', async () => {
    t = await createTestDb('postgres', { poolSize: 1 });
    let joined: unknown;
    const sent = await messages(() =>
      inTransaction(t.db, async (trx) => {
        await sendWritesLater(trx);
        await trx.insertInto('person').values({ id: 'p1', email: 'one@example.org', created_at: now }).execute();
        joined = (await sql<{ v: string }>`select ${'p'}::text || '1' as v, (select count(*) from person) as n`.execute(trx)).rows[0];
      }),
    );
    expect(joined).toEqual({ v: 'p1', n: '1' });
    expect(sent).toEqual([
      `begin; insert into "person" ("id", "email", "created_at") values ($1, $2, $3); select $1::text || '1' as v, (select count(*) from person) as n`,
      'commit',
    ]);
  });

  it('test_a_text_of_several_statements_after_waiting_writes_goes_alone_after_them', async () => {
    t = await createTestDb('postgres', { poolSize: 1 });
    const sent = await messages(() =>
      inTransaction(t.db, async (trx) => {
        await sendWritesLater(trx);
        await trx.insertInto('person').values({ id: 'p1', email: 'one@example.org', created_at: now }).execute();
        // The extended protocol takes one statement at a time: this text cannot join the pipeline.
        await sql.raw(`update person set email = 'uno@example.org' where id = 'p1'; select 1`).execute(trx);
      }),
    );
    expect(sent).toEqual([
      'begin; insert into "person" ("id", "email", "created_at") values ($1, $2, $3)',
      `update person set email = 'uno@example.org' where id = 'p1'; select 1`,
      'commit',
    ]);
    expect(await t.db.selectFrom('person').select(['id', 'email']).execute()).toEqual([{ id: 'p1', email: 'uno@example.org' }]);
  });

  it('test_a_statement_refused_in_a_pipeline_fails_the_transaction_and_named_statements_stay_usable', async () => {
    // PreparingClient (the default): the statements of prepared.ts go by name, each parsed once per connection.
    t = await createTestDb('postgres', { poolSize: 1 });
    await t.db.insertInto('person').values({ id: 'taken', email: 'taken@example.org', created_at: now }).execute();
    const person = (trx: Parameters<Parameters<typeof inTransaction>[1]>[0], id: string, email: string) =>
      insertPerson(trx, { id, email, created_at: now });
    // Refused at its second statement: the third (named, never parsed before) is skipped, not parsed.
    const failure = await inTransaction(t.db, async (trx) => {
      await sendWritesLater(trx);
      await person(trx, 'a', 'a@example.org');
      await person(trx, 'b', 'taken@example.org');
      await hitRateLimitsWithin(trx, [{ key: 'k', expiresAt: now, limit: 5 }], now);
    }).catch((error: unknown) => error);
    expect(isUniqueViolation(failure)).toBe(true);
    // The same statements again on the same connection: each parsed exactly when it has not been.
    for (let round = 0; round < 3; round++) {
      await inTransaction(t.db, async (trx) => {
        await sendWritesLater(trx);
        await person(trx, `c${round}`, `c${round}@example.org`);
        await hitRateLimitsWithin(trx, [{ key: 'k', expiresAt: now, limit: 5 }], now);
      });
    }
    const people = await t.db.selectFrom('person').select('id').orderBy('id').execute();
    expect(people.map((p) => p.id)).toEqual(['c0', 'c1', 'c2', 'taken']);
    const limit = await t.db.selectFrom('rate_limit').select('hits').where('key', '=', 'k').executeTakeFirst();
    expect(Number(limit?.hits)).toBe(3);
  });
});

describe.each(dialects)('writes sent later on %s', (dialect) => {
  let t: TestDb;
  afterEach(async () => t?.drop());

  it('test_values_written_into_the_sql_come_back_exactly_as_given', async () => {
    t = await createTestDb(dialect);
    const tricky = [`o'brien@example.org`, `back\\slash\\'quote@example.org`, `$1 and $$ and "dq"@example.org`, `换行\n与表情😀@例え.jp`];
    await inTransaction(t.db, async (trx) => {
      await sendWritesLater(trx);
      for (const [i, email] of tricky.entries()) {
        await trx
          .insertInto('person')
          .values({ id: `p${i}`, email, created_at: now })
          .execute();
      }
      await trx.insertInto('rate_limit').values({ key: 'k', hits: -7, expires_at: now }).execute();
    });
    const people = await t.db.selectFrom('person').select(['id', 'email']).orderBy('id').execute();
    expect(people.map((p) => p.email)).toEqual(tricky);
    const limit = await t.db.selectFrom('rate_limit').select('hits').where('key', '=', 'k').executeTakeFirst();
    expect(Number(limit?.hits)).toBe(-7);
  });
});
