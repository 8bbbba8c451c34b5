import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * PostgreSQL only: count_hit(key, expires_at, hit_limit, now, which) counts one hit of a
 * rate-limit window the way hitRateLimits (identity.repository.ts) does, and raises SQLSTATE
 * LIMIT (its detail: `which`) when the window is past its limit. A procedure returns nothing,
 * so a registration sends its CALLs in the one message that carries its rows and its COMMIT
 * (a refusal rolls the transaction back, and the form is then counted on its own). SQLite
 * needs nothing: it counts a registration's form before its transaction.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    create procedure count_hit(hit_key text, hit_expires_at text, hit_limit integer, hit_now text, which integer) language plpgsql as $$
    declare
      counted integer;
    begin
      insert into rate_limit as r (key, hits, expires_at) values (hit_key, 1, hit_expires_at)
        on conflict (key) do update set hits = case when r.expires_at < hit_now then 1 else r.hits + 1 end, expires_at = excluded.expires_at
        returning r.hits into counted;
      if counted > hit_limit then
        raise exception 'rate limit % passed', which using errcode = 'LIMIT', detail = which::text;
      end if;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop procedure count_hit(text, text, integer, text, integer)`.execute(db);
}
