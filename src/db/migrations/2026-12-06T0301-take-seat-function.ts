import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * PostgreSQL only: take_seat(capacity, seats, stamp) takes seats the way the atomic UPDATE of
 * capacity.repository.ts does, and raises SQLSTATE SEAT0 when they are not left. A registration
 * sends it in one message with its COMMIT (a failed statement skips the COMMIT), so the
 * capacity row is never locked while the server waits for the client. SQLite needs nothing.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    create function take_seat(capacity_id text, wanted integer, stamp text) returns void language plpgsql as $$
    begin
      update capacity set taken = taken + wanted, updated_at = stamp where id = capacity_id and taken + wanted <= seat_limit;
      if not found then
        raise exception 'no % seats left at %', wanted, capacity_id using errcode = 'SEAT0';
      end if;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop function take_seat(text, integer, text)`.execute(db);
}
