import { sql, type Kysely } from 'kysely';

/*
 * One parallel-session choice per time block instead of one session per registration. Each
 * choice has its own seat or its own place on that session's waiting list (session_choice).
 * The registration's former session moves into it: seated when the registration holds a seat
 * in that session, else waiting (in the registration's order). The block of a moved choice is
 * not known to the database (it comes from the program): it is written as "pre-blocks" and
 * set from the content when the application starts (syncChoiceBlocks).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session_choice')
    .addColumn('registration_id', 'text', (c) => c.notNull().references('registration.id'))
    .addColumn('block_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('waiting_since', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_choice_pk', ['registration_id', 'block_id'])
    .execute();
  await db.schema.createIndex('session_choice_waitlist').on('session_choice').columns(['session_id', 'status', 'waiting_since']).execute();

  await sql`
    insert into session_choice (registration_id, block_id, session_id, status, waiting_since, created_at, updated_at)
    select r.id, 'pre-blocks', r.session_id,
      case when h.owner_id is null then 'waiting' else 'seated' end,
      case when h.owner_id is null then r.created_at else null end,
      r.created_at, r.updated_at
    from registration r
    left join seat_hold h on h.owner_id = r.id and h.capacity_id = 'session:' || r.session_id
    where r.session_id is not null`.execute(db);

  await db.schema.dropIndex('registration_waitlist').execute();
  await db.schema.alterTable('registration').dropColumn('session_id').execute();
  await db.schema.createIndex('registration_waitlist').on('registration').columns(['edition', 'status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('registration_waitlist').execute();
  await db.schema.alterTable('registration').addColumn('session_id', 'text').execute();
  await sql`
    update registration set session_id = (
      select min(c.session_id) from session_choice c where c.registration_id = registration.id
    )`.execute(db);
  await db.schema.createIndex('registration_waitlist').on('registration').columns(['status', 'session_id', 'created_at']).execute();
  await db.schema.dropTable('session_choice').execute();
}
