import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * PostgreSQL only: seats_gone(capacities, wanted) is the check a registration that joins the
 * waiting list sends in one message with its COMMIT (no round trip under a lock). It locks the
 * capacity rows FOR SHARE in the order given (the caller's id order): waiting registrations do
 * not queue behind each other, but one that frees or takes seats (which updates or locks the rows
 * for update) runs wholly before or after it. It raises SQLSTATE SEAT1 when every wanted seat is
 * free (the registration must take them instead: a failed statement skips the COMMIT).
 * SQLite needs nothing.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    create function seats_gone(capacity_ids text[], wanted integer[]) returns void language plpgsql as $$
    declare
      fits boolean;
      all_free boolean := true;
    begin
      for i in 1 .. coalesce(cardinality(capacity_ids), 0) loop
        fits := null;
        select taken + wanted[i] <= seat_limit into fits from capacity where id = capacity_ids[i] for share;
        all_free := all_free and coalesce(fits, false);
      end loop;
      if all_free then
        raise exception 'the seats wanted at % are free', capacity_ids using errcode = 'SEAT1';
      end if;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop function seats_gone(text[], integer[])`.execute(db);
}
