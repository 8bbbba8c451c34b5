/** upload + upload_chunk: every uploaded file by its SHA-256, its bytes in chunks. */
import type { Executor } from '../../db/transaction.ts';
import type { UploadTable } from '../../db/schema.ts';

export type UploadRow = UploadTable;

export const findUpload = (db: Executor, sha256: string) =>
  db.selectFrom('upload').selectAll().where('sha256', '=', sha256).executeTakeFirst();

/** Insert the upload once; false when it was there already (the same bytes uploaded before). */
export async function insertUpload(db: Executor, row: UploadRow): Promise<boolean> {
  const result = await db
    .insertInto('upload')
    .values(row)
    .onConflict((c) => c.column('sha256').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function insertChunk(db: Executor, sha256: string, n: number, bytes: Uint8Array): Promise<void> {
  await db.insertInto('upload_chunk').values({ sha256, n, bytes }).execute();
}

/** The chunks of an upload, in order, one query each (a 50 MB file is never held whole). */
export async function* readChunks(db: Executor, sha256: string): AsyncGenerator<Uint8Array> {
  for (let n = 0; ; n++) {
    const row = await db.selectFrom('upload_chunk').select('bytes').where('sha256', '=', sha256).where('n', '=', n).executeTakeFirst();
    if (!row) return;
    yield row.bytes;
  }
}
