import type { Kysely } from 'kysely';

/*
 * Web publishing: every publish is a revision (a tree of content files, stored once per body
 * in content_blob). `active` is 1 while a revision is being written, built or switched to and
 * null afterwards; its unique index lets at most one publish run at a time (NULLs never
 * collide, on SQLite and PostgreSQL alike). The drafts table belongs to the editor's migration.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_blob')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('content_revision')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('active', 'integer')
    .addColumn('created_by', 'text')
    .addColumn('created_by_email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('log', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tree_sha256', 'text', (c) => c.notNull())
    .addColumn('rolled_back_from', 'integer')
    .execute();
  await db.schema.createIndex('content_revision_one_active').on('content_revision').column('active').unique().execute();
  await db.schema
    .createTable('content_revision_file')
    .addColumn('revision_id', 'integer', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('blob_sha256', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('content_revision_file_pk', ['revision_id', 'path'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('content_revision_file').execute();
  await db.schema.dropTable('content_revision').execute();
  await db.schema.dropTable('content_blob').execute();
}
