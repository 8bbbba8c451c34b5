import { SqliteAdapter, sql, type Kysely } from 'kysely';

/*
 * SQLite only: rate_limit becomes a WITHOUT ROWID table, its rows kept in the order of their key.
 * Every public form counts two hits (the client, the email address), each an upsert by key: with
 * a rowid the key's index and the table were two B-trees to search and change, now one. The
 * counts are copied over. PostgreSQL has no rowid: nothing to do.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`create table rate_limit_by_key (key text primary key not null, hits integer not null, expires_at text not null) without rowid`.execute(
    db,
  );
  await sql`insert into rate_limit_by_key (key, hits, expires_at) select key, hits, expires_at from rate_limit`.execute(db);
  await sql`drop table rate_limit`.execute(db);
  await sql`alter table rate_limit_by_key rename to rate_limit`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`create table rate_limit_with_rowid (key text primary key, hits integer not null, expires_at text not null)`.execute(db);
  await sql`insert into rate_limit_with_rowid (key, hits, expires_at) select key, hits, expires_at from rate_limit`.execute(db);
  await sql`drop table rate_limit`.execute(db);
  await sql`alter table rate_limit_with_rowid rename to rate_limit`.execute(db);
}
