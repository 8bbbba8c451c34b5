import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * PostgreSQL only: the two endings of a new owner's transaction as procedures, so that they go
 * with bound parameters as named statements and, returning nothing, wait to travel with the
 * COMMIT (src/db/pg-client.ts). take_seats(owner, capacities, wanted, stamp) writes the owner's
 * seat holds and runs take_seat (migration 2026-12-06T0301) for each capacity in the order given
 * (the caller's id order: the lock order);
 * require_seats_gone(capacities, wanted) runs seats_gone (migration 2026-12-06T1400). Each
 * raises what the function it runs raises (SEAT0, SEAT1). SQLite needs nothing.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    create procedure take_seats(holder text, capacity_ids text[], wanted integer[], stamp text) language plpgsql as $$
    begin
      insert into seat_hold (owner_id, capacity_id, seats) select holder, c, w from unnest(capacity_ids, wanted) as u(c, w);
      for i in 1 .. coalesce(cardinality(capacity_ids), 0) loop
        perform take_seat(capacity_ids[i], wanted[i], stamp);
      end loop;
    end
    $$`.execute(db);
  await sql`
    create procedure require_seats_gone(capacity_ids text[], wanted integer[]) language plpgsql as $$
    begin
      perform seats_gone(capacity_ids, wanted);
    end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop procedure require_seats_gone(text[], integer[])`.execute(db);
  await sql`drop procedure take_seats(text, text[], integer[], text)`.execute(db);
}
