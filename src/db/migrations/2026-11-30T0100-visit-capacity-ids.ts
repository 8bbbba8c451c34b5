import { sql, type Kysely } from 'kysely';

/*
 * Visit slots' seat counters were keyed "tour:<slot>"; the feature is called visits now.
 * seat_hold refers to capacity, so the counters are copied under the new key, the holds
 * moved, then the old counters removed.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  await rename(db, 'tour:', 'visit:');
}

export async function down(db: Kysely<any>): Promise<void> {
  await rename(db, 'visit:', 'tour:');
}

async function rename(db: Kysely<any>, from: string, to: string): Promise<void> {
  const cut = from.length + 1;
  const like = `${from}%`;
  await sql`insert into capacity (id, seat_limit, taken, updated_at)
    select ${to} || substr(id, ${cut}), seat_limit, taken, updated_at from capacity where id like ${like}`.execute(db);
  await sql`update seat_hold set capacity_id = ${to} || substr(capacity_id, ${cut}) where capacity_id like ${like}`.execute(db);
  await sql`delete from capacity where id like ${like}`.execute(db);
}
