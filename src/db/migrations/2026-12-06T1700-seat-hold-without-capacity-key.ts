import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * PostgreSQL only: seat_hold no longer has a foreign key to capacity. The key's check locks the
 * capacity row FOR KEY SHARE on every hold inserted, and the same row is updated by every seat
 * taken. PostgreSQL 15 fails ("new multixact has more than one updating member", SQLSTATE XX000)
 * when a transaction that updated such a row aborts (a later seat was missing: take_seat raised
 * SEAT0) while others hold the key-share lock and update it: under 1,000 concurrent registrations
 * a few failed this way (tests/integration/seats-with-commit.test.ts). Without the key, a capacity
 * row is only ever locked by seat changes and seats_gone's FOR SHARE, which conflict with updates.
 * A hold still names a real capacity: it is inserted only in the transaction that takes seats at
 * that capacity (take_seat raises on an unknown id, and the transaction rolls back), and
 * capacities are never deleted. SQLite locks the whole database instead of rows: its key stays.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // Every key from seat_hold to capacity, whatever name the database gave it.
  await sql`
    do $$
    declare key record;
    begin
      for key in select conname from pg_constraint where conrelid = 'seat_hold'::regclass and confrelid = 'capacity'::regclass loop
        execute format('alter table seat_hold drop constraint %I', key.conname);
      end loop;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table seat_hold add constraint seat_hold_capacity_id_fkey foreign key (capacity_id) references capacity (id)`.execute(db);
}
