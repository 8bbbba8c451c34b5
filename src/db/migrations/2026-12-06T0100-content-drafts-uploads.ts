import { PostgresAdapter, type Kysely } from 'kysely';

/*
 * Web editing of the content folder. content_draft holds the whole text of a file as it will be
 * written on publish (null = delete it), with the SHA-256 of the published file it was edited
 * from, so a publish or another editor in between is noticed. upload + upload_chunk keep every
 * uploaded file (paper PDFs, speaker photos) by its SHA-256 in the database, in ~1 MB chunks,
 * so any instance can serve it (the copy on disk is a cache).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('content_draft')
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text')
    .addColumn('base_sha256', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('upload')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('upload_chunk')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('bytes', postgres ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('upload_chunk_pk', ['sha256', 'n'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('upload_chunk').execute();
  await db.schema.dropTable('upload').execute();
  await db.schema.dropTable('content_draft').execute();
}
