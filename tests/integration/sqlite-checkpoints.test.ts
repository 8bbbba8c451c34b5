import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/database.ts';

let dir: string;
let file: string;
let database: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'forum-checkpoints-'));
  file = join(dir, 'forum.db');
  database = openDatabase(`sqlite:${file}`);
});

afterEach(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/** About 4 MB in 40 transactions: far below the 10,000 pages at which the writer would checkpoint itself. */
async function write(db: Db['db']): Promise<void> {
  await sql`create table filler (id integer primary key, body text not null)`.execute(db);
  for (let t = 0; t < 40; t++) {
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 25; i++) await sql`insert into filler (body) values (${'x'.repeat(4000)})`.execute(trx);
    });
  }
}

it('test_the_wal_is_copied_back_into_the_database_file_while_the_writer_only_writes', async () => {
  await write(database.db);
  expect(size(`${file}-wal`)).toBeGreaterThan(4_000_000);
  // The writer does not checkpoint below 10,000 WAL pages: only the background thread copies
  // the pages into the file, and it does so within moments.
  for (let i = 0; i < 100 && size(file) < 4_000_000; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(size(file)).toBeGreaterThan(4_000_000);
  const [row] = (await sql<{ n: number }>`select count(*) as n from filler`.execute(database.db)).rows;
  expect(row?.n).toBe(1000);
});

it('test_closing_the_database_closes_the_checkpoint_connection_too', async () => {
  await write(database.db);
  await database.close();
  // SQLite removes the WAL when the file's last connection closes: the thread's was closed first.
  expect(existsSync(`${file}-wal`)).toBe(false);
  database = openDatabase(`sqlite:${file}`);
  const [row] = (await sql<{ n: number }>`select count(*) as n from filler`.execute(database.db)).rows;
  expect(row?.n).toBe(1000);
});
