/**
 * SQLite commits the transactions of one event-loop turn together (src/db/sqlite-commit-groups.ts).
 * What must hold: each transaction is still all or nothing on its own, nobody hears "done"
 * before a second connection can read the data, a failed commit fails everyone in the group
 * and leaves nothing of theirs, and the grouping happens (fewer WAL writes than transactions).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { inTransaction } from '../../src/db/transaction.ts';
import { createTestDb, type TestDb } from '../support/databases.ts';

describe('SQLite commit groups', () => {
  let testDb: TestDb;
  let reader: SQLite.Database;

  beforeEach(async () => {
    testDb = await createTestDb('sqlite');
    await sql`create table scratch (id integer primary key, v text not null unique, pad text)`.execute(testDb.db);
    reader = new SQLite(testDb.url.replace(/^sqlite:/, ''), { readonly: true });
  });

  afterEach(async () => {
    reader.close();
    await testDb.drop();
  });

  const db = () => testDb.db;
  const insert = (v: string, pad = '') =>
    inTransaction(db(), (trx) => sql`insert into scratch (v, pad) values (${v}, ${pad})`.execute(trx));
  const seenByAnother = (v: string) => reader.prepare('select count(*) as n from scratch where v = ?').get(v) as { n: number };
  /** WAL frames written since the last checkpoint that reset the log. */
  const walFrames = async () => (await sql<{ log: number }>`pragma wal_checkpoint(passive)`.execute(db())).rows[0].log;

  it('test_two_hundred_transactions_of_one_turn_commit_in_few_wal_writes_and_each_is_readable_when_it_resolves', async () => {
    await sql`pragma wal_checkpoint(truncate)`.execute(db());
    expect(await walFrames()).toBe(0);
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        insert(`row-${i}`).then(() => {
          // told "done": another connection reads it already
          seen.push(seenByAnother(`row-${i}`).n);
        }),
      ),
    );
    expect(seen).toEqual(Array(200).fill(1));
    // One commit per transaction writes the table's last page (and more) 200 times.
    expect(await walFrames()).toBeLessThan(20);
  });

  it('test_a_failing_transaction_undoes_only_its_own_work_in_the_group', async () => {
    await insert('taken');
    const results = await Promise.allSettled(
      ['a', 'b', 'taken', 'c'].map((v) =>
        inTransaction(db(), async (trx) => {
          await sql`insert into scratch (v) values (${`${v}-first`})`.execute(trx);
          await sql`insert into scratch (v) values (${v})`.execute(trx);
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const rows = reader.prepare('select v from scratch order by v').all() as { v: string }[];
    expect(rows.map((r) => r.v)).toEqual(['a', 'a-first', 'b', 'b-first', 'c', 'c-first', 'taken']);
  });

  it('test_the_savepoints_of_a_group_keep_their_page_copies_in_memory_not_in_temporary_files', async () => {
    // 2,000 rows of 1 KB (about 700 pages); each of 100 transactions of one turn then changes 40
    // rows spread over the table, so its savepoint keeps 40 original pages (160 KB, more than
    // the 64 KB SQLite keeps in memory before spilling to a temporary file by default).
    await inTransaction(db(), async (trx) => {
      for (let i = 0; i < 2000; i++) await sql`insert into scratch (v, pad) values (${`row-${i}`}, ${'x'.repeat(1000)})`.execute(trx);
    });
    await sql`pragma wal_checkpoint(truncate)`.execute(db());
    /** Bytes this process has written to files, pipes and sockets (Linux). */
    const written = () => Number(/^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
    const before = written();
    await Promise.all(
      Array.from({ length: 100 }, (_, t) =>
        inTransaction(db(), async (trx) => {
          for (let k = 0; k < 40; k++) await sql`update scratch set pad = ${`${t}`.repeat(900)} where id = ${1 + t + 50 * k}`.execute(trx);
        }),
      ),
    );
    // What reaches the WAL: each changed page about once (4.2 MB measured). Spilled to temporary
    // files, the copies made it 33 MB.
    expect(written() - before).toBeLessThan(10_000_000);
    expect(reader.prepare("select count(*) as n from scratch where pad like '99%'").get()).toEqual({ n: 40 });
  });

  it('test_a_single_statement_during_an_open_group_resolves_once_committed', async () => {
    const pending = insert('in-transaction');
    const single = sql`insert into scratch (v) values ('single')`.execute(db()).then(() => seenByAnother('single').n);
    await pending;
    expect(await single).toBe(1);
  });

  it('test_a_transaction_may_await_a_read_started_during_the_open_group', async () => {
    const first = insert('first');
    // a read while the group is open: it does not wait for the commit (the transaction below
    // awaits it, and the commit waits for that transaction)
    const count = sql<{ n: number }>`select count(*) as n from scratch`.execute(db());
    const second = inTransaction(db(), async (trx) => {
      const { rows } = await count;
      await sql`insert into scratch (v) values (${`second-after-${rows[0].n}`})`.execute(trx);
    });
    await Promise.all([first, second]);
    expect(seenByAnother('second-after-1').n).toBe(1);
  });

  it('test_when_the_disk_is_full_nobody_is_told_done_whose_data_is_not_there_and_the_next_turn_works', async () => {
    await insert('before');
    const { page_count } = (await sql<{ page_count: number }>`pragma page_count`.execute(db())).rows[0];
    // no page may be added to the file: rows that need one fail with SQLITE_FULL
    await sql.raw(`pragma max_page_count = ${page_count}`).execute(db());
    const big = 'x'.repeat(3000);
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => insert(`full-${i}`, big)));
    const told = results.map((r, i) => ({ ok: r.status === 'fulfilled', present: seenByAnother(`full-${i}`).n === 1 }));
    expect(told.some((t) => !t.ok)).toBe(true);
    // whoever was told "done" has their row; whoever got an error has none
    for (const t of told) expect(t.present).toBe(t.ok);
    for (const r of results)
      if (r.status === 'rejected') expect(String((r.reason as Error).message)).toMatch(/full|rolled back|no transaction/i);

    await sql.raw('pragma max_page_count = 1073741823').execute(db());
    await Promise.all([insert('after-1', big), insert('after-2', big)]);
    expect(seenByAnother('after-1').n + seenByAnother('after-2').n + seenByAnother('before').n).toBe(3);
  });
});
