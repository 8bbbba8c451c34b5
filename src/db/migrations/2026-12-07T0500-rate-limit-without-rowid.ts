import { SqliteAdapter, sql, type Kysely } from 'kysely';

/*
 * SQLite only: rate_limit becomes a WITHOUT ROWID table, its rows kept in the order of their key.
 * Every public form counts two hits (the client, the email address), each an upsert by key: with
 * a rowid the key's index and the table were two B-trees to search and change, now one. The
 * counts are copied over. PostgreSQL has no rowid: nothing to do.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, 'without rowid');
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuild(db, '');
}

/** SQLite: rate_limit made anew with the given table options, its counts copied over. */
async function rebuild(db: Kysely<any>, options: 'without rowid' | ''): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql
    .raw(`create table rate_limit_rebuilt (key text primary key not null, hits integer not null, expires_at text not null) ${options}`)
    .execute(db);
  await sql`insert into rate_limit_rebuilt (key, hits, expires_at) select key, hits, expires_at from rate_limit`.execute(db);
  await sql`drop table rate_limit`.execute(db);
  await sql`alter table rate_limit_rebuilt rename to rate_limit`.execute(db);
}
