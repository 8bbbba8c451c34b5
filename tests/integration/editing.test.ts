/**
 * Drafts and uploads of the web editor on real SQLite and PostgreSQL: saving, conflicts with a
 * publish or another editor, deleting; upload limits, types by their bytes, content addressing,
 * dedupe, and an instance without the file on disk serving it from the database.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discardDraft, draftOf, listDrafts, saveDraft, type EditingDeps } from '../../src/features/editing/draft.service.ts';
import { sha256Of } from '../../src/features/editing/published.ts';
import { readStored, storedFile, storeUpload, uploadLimits, type UploadDeps } from '../../src/features/editing/upload.service.ts';
import { fakeClock } from '../fixtures/clock.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';

const actor = (userId: string) => ({ userId, email: `${userId}@example.org` });
const pdfBytes = (size: number) => {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.write('%PDF-1.7\n', 0, 'latin1');
  for (let i = 9; i < size; i += 4096) bytes[i] = i % 251; // not all one byte: chunks must be put back in order
  return bytes;
};
/** A body arriving in pieces of 64 KB, as a request body does. */
async function* streamOf(bytes: Buffer, piece = 65_536): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece);
}
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]);
const webp = Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(500, 2)]);

describe.each(dialects)('editing on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  let drafts: EditingDeps;
  let uploads: UploadDeps;
  const clock = fakeClock(new Date('2026-12-06T08:00:00Z'));
  beforeAll(async () => {
    t = await createTestDb(dialect);
    dir = mkdtempSync(join(tmpdir(), 'forum-editing-'));
    mkdirSync(join(dir, 'content', 'papers'), { recursive: true });
    drafts = { db: t.db, clock, contentDir: join(dir, 'content') };
    uploads = { db: t.db, clock, uploadsDir: join(dir, 'data', 'uploads') };
  });
  afterAll(async () => {
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const publish = (path: string, text: string) => writeFileSync(join(dir, 'content', path), text);

  it('test_saveDraft_newFile_thenEditOfThatDraft_keepsOneDraftWithTheLatestText', async () => {
    const path = 'speakers/new-speaker.yaml';
    const first = await saveDraft(drafts, { path, body: 'title:\n  en: A\n', baseSha256: null, draftUpdatedAt: null, actor: actor('u1') });
    expect(first.kind).toBe('saved');
    drafts.clock.now = (
      (now) => () =>
        new Date(now.getTime() + 1000)
    )(drafts.clock.now());
    const second = await saveDraft(drafts, {
      path,
      body: 'title:\n  en: B\n',
      baseSha256: null,
      draftUpdatedAt: first.kind === 'saved' ? first.updatedAt : null,
      actor: actor('u2'),
    });
    expect(second.kind).toBe('saved');
    expect(await draftOf(drafts, path)).toMatchObject({ body: 'title:\n  en: B\n', base_sha256: null, updated_by: 'u2' });
    expect((await listDrafts(drafts, 'speakers/')).map((d) => d.path)).toEqual([path]);
  });

  it('test_saveDraft_publishedFileChangedSinceTheForm_isRefused', async () => {
    const path = 'papers/published.yaml';
    publish(path, 'title:\n  en: One\n');
    const base = sha256Of('title:\n  en: One\n');
    publish(path, 'title:\n  en: Changed by a publish\n');
    const outcome = await saveDraft(drafts, {
      path,
      body: 'title:\n  en: Mine\n',
      baseSha256: base,
      draftUpdatedAt: null,
      actor: actor('u1'),
    });
    expect(outcome.kind).toBe('published-changed');
    expect(await draftOf(drafts, path)).toBeUndefined();
    // a new file someone published meanwhile is a conflict too
    publish('papers/raced.yaml', 'title:\n  en: Theirs\n');
    expect(
      (await saveDraft(drafts, { path: 'papers/raced.yaml', body: 'x: 1\n', baseSha256: null, draftUpdatedAt: null, actor: actor('u1') }))
        .kind,
    ).toBe('published-changed');
  });

  it('test_saveDraft_anotherEditorSavedMeanwhile_isRefusedAndNamesThem', async () => {
    const path = 'papers/shared.yaml';
    publish(path, 'title:\n  en: Shared\n');
    const base = sha256Of('title:\n  en: Shared\n');
    expect((await saveDraft(drafts, { path, body: 'a: 1\n', baseSha256: base, draftUpdatedAt: null, actor: actor('first') })).kind).toBe(
      'saved',
    );
    const second = await saveDraft(drafts, { path, body: 'a: 2\n', baseSha256: base, draftUpdatedAt: null, actor: actor('second') });
    expect(second).toMatchObject({ kind: 'draft-changed', updatedBy: 'first' });
    expect((await draftOf(drafts, path))?.body).toBe('a: 1\n');
  });

  it('test_deleteAsDraft_storesNullBody_andDiscardRemovesTheDraft', async () => {
    const path = 'papers/to-delete.yaml';
    publish(path, 'title:\n  en: Old\n');
    const base = sha256Of('title:\n  en: Old\n');
    expect((await saveDraft(drafts, { path, body: null, baseSha256: base, draftUpdatedAt: null, actor: actor('u1') })).kind).toBe('saved');
    expect(await draftOf(drafts, path)).toMatchObject({ body: null, base_sha256: base });
    expect(await discardDraft(drafts, path, actor('u1'))).toBe(true);
    expect(await draftOf(drafts, path)).toBeUndefined();
    expect(readFileSync(join(dir, 'content', path), 'utf8')).toBe('title:\n  en: Old\n');
    const logged = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', path)
      .orderBy('at')
      .execute();
    expect(logged.map((l) => l.action).sort()).toEqual(['content.draft-delete', 'content.draft-discard']);
  });

  it('test_storeUpload_pdf_isStoredByItsHash_onDiskAndInChunks', async () => {
    const bytes = pdfBytes(2.5 * 1024 * 1024);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const outcome = await storeUpload(uploads, { kind: 'pdf', body: streamOf(bytes), originalName: 'paper.pdf', userId: 'u1' });
    expect(outcome).toEqual({
      ok: true,
      sha256: sha,
      mediaType: 'application/pdf',
      size: bytes.length,
      path: `/files/${sha}.pdf`,
      duplicate: false,
    });
    expect(readFileSync(join(uploads.uploadsDir, sha)).equals(bytes)).toBe(true);
    const chunks = await t.db.selectFrom('upload_chunk').select(['n']).where('sha256', '=', sha).orderBy('n').execute();
    expect(chunks.map((c) => c.n)).toEqual([0, 1, 2]);
    // the same bytes again: one upload, no second copy
    const again = await storeUpload(uploads, { kind: 'pdf', body: streamOf(bytes), originalName: 'other-name.pdf', userId: 'u2' });
    expect(again).toMatchObject({ ok: true, sha256: sha, duplicate: true });
    expect(await t.db.selectFrom('upload').select('original_name').where('sha256', '=', sha).execute()).toEqual([
      { original_name: 'paper.pdf' },
    ]);
    expect(readdirSync(uploads.uploadsDir).filter((f) => f.startsWith('.tmp'))).toEqual([]);
  });

  it('test_storeUpload_nonPdfNamedPdf_isRefusedByItsBytes', async () => {
    const html = Buffer.from('<html><body>not a pdf</body></html>'.repeat(10));
    expect(await storeUpload(uploads, { kind: 'pdf', body: streamOf(html), originalName: 'paper.pdf', userId: 'u1' })).toEqual({
      ok: false,
      error: 'editing.upload.wrongType',
    });
    // a photo is not a PDF, a PDF is not a photo
    expect(await storeUpload(uploads, { kind: 'pdf', body: streamOf(jpeg), originalName: 'x.pdf', userId: 'u1' })).toMatchObject({
      error: 'editing.upload.wrongType',
    });
    expect(await storeUpload(uploads, { kind: 'image', body: streamOf(pdfBytes(100)), originalName: 'x.jpg', userId: 'u1' })).toMatchObject(
      {
        error: 'editing.upload.wrongType',
      },
    );
    expect(await storeUpload(uploads, { kind: 'pdf', body: streamOf(Buffer.alloc(0)), originalName: 'x.pdf', userId: 'u1' })).toMatchObject(
      {
        error: 'editing.upload.empty',
      },
    );
    expect(readdirSync(uploads.uploadsDir).filter((f) => f.startsWith('.tmp'))).toEqual([]);
  });

  it('test_storeUpload_photos_jpegPngWebp_areAcceptedWithTheirType', async () => {
    for (const [bytes, type, ext] of [
      [jpeg, 'image/jpeg', 'jpg'],
      [png, 'image/png', 'png'],
      [webp, 'image/webp', 'webp'],
    ] as const) {
      const outcome = await storeUpload(uploads, { kind: 'image', body: streamOf(bytes), originalName: `p.${ext}`, userId: 'u1' });
      expect(outcome).toMatchObject({ ok: true, mediaType: type });
      expect(outcome.ok && outcome.path.endsWith(`.${ext}`)).toBe(true);
    }
  });

  it('test_storeUpload_overTheLimit_isRefusedWhileStreaming', async () => {
    const tooBigPdf = pdfBytes(uploadLimits.pdf + 1);
    expect(
      await storeUpload(uploads, { kind: 'pdf', body: streamOf(tooBigPdf, 1024 * 1024), originalName: 'big.pdf', userId: 'u1' }),
    ).toEqual({
      ok: false,
      error: 'editing.upload.tooLarge',
    });
    const atTheLimit = pdfBytes(uploadLimits.pdf);
    expect(
      await storeUpload(uploads, { kind: 'pdf', body: streamOf(atTheLimit, 1024 * 1024), originalName: 'limit.pdf', userId: 'u1' }),
    ).toMatchObject({
      ok: true,
      size: uploadLimits.pdf,
    });
    const tooBigPhoto = Buffer.concat([jpeg, Buffer.alloc(uploadLimits.image)]);
    expect(await storeUpload(uploads, { kind: 'image', body: streamOf(tooBigPhoto), originalName: 'big.jpg', userId: 'u1' })).toMatchObject(
      {
        error: 'editing.upload.tooLarge',
      },
    );
    expect(readdirSync(uploads.uploadsDir).filter((f) => f.startsWith('.tmp'))).toEqual([]);
  });

  it('test_storedFile_anotherInstanceWithAnEmptyUploadsDir_materializesFromTheDatabase', async () => {
    const bytes = pdfBytes(1.5 * 1024 * 1024 + 3);
    const outcome = await storeUpload(uploads, { kind: 'pdf', body: streamOf(bytes), originalName: 'p.pdf', userId: 'u1' });
    if (!outcome.ok) throw new Error('upload refused');
    const other: UploadDeps = { ...uploads, uploadsDir: join(dir, 'other-instance', 'uploads') };
    const stored = await storedFile(other, outcome.sha256);
    expect(stored).toMatchObject({ mediaType: 'application/pdf', size: bytes.length });
    expect(readFileSync(stored!.file).equals(bytes)).toBe(true);
    const range: Buffer[] = [];
    for await (const piece of readStored(stored!, { start: 0, end: 4 })) range.push(piece as Buffer);
    expect(Buffer.concat(range).toString('latin1')).toBe('%PDF-');
    expect(await storedFile(other, 'f'.repeat(64))).toBeUndefined();
    expect(await storedFile(other, '../etc/passwd')).toBeUndefined();
  });
});
