/**
 * The speaker form's photo field: a path next to the speaker files that must name a photo in
 * the published content folder or an uploaded one (real SQLite and PostgreSQL).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { photoErrors } from '../../src/features/editing/photo-check.ts';
import { storeUpload } from '../../src/features/editing/upload.service.ts';
import type { EditingDeps } from '../../src/features/editing/draft.service.ts';
import { fakeClock } from '../fixtures/clock.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';

describe.each(dialects)('speaker photo field on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  let deps: EditingDeps;
  let uploaded: string;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    dir = mkdtempSync(join(tmpdir(), 'forum-photo-'));
    mkdirSync(join(dir, 'content', 'speakers', 'photos'), { recursive: true });
    const photo = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    writeFileSync(join(dir, 'content', 'speakers', 'photos', 'speaker-a.png'), photo);
    const clock = fakeClock(new Date('2026-12-06T08:00:00Z'));
    deps = { db: t.db, clock, contentDir: join(dir, 'content') };
    const outcome = await storeUpload(
      { db: t.db, clock, uploadsDir: join(dir, 'uploads') },
      {
        kind: 'image',
        body: (async function* () {
          yield photo;
        })(),
        originalName: 'p.png',
        userId: 'u1',
      },
    );
    if (!outcome.ok) throw new Error(outcome.error);
    uploaded = outcome.sha256;
  });
  afterAll(async () => {
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const check = (photo: unknown) =>
    photoErrors(deps, { collection: 'speakers', id: 'speaker-a', fields: ['photo'], data: photo === undefined ? {} : { photo } });

  it('test_photoErrors_uploadedOrPublishedPhotoOrNone_accepted', async () => {
    expect(await check(`./photos/${uploaded}.png`)).toEqual({});
    expect(await check('./photos/speaker-a.png')).toEqual({});
    expect(await check(undefined)).toEqual({});
  });

  it('test_photoErrors_missingWrongTypeOrOutsidePath_refusedPerField', async () => {
    expect(await check('./photos/nobody.jpg')).toEqual({ photo: 'editing.error.photo' });
    // the upload is a PNG: a .jpg name does not match what a publish would serve
    expect(await check(`./photos/${uploaded}.jpg`)).toEqual({ photo: 'editing.error.photo' });
    expect(await check('../../secret.png')).toEqual({ photo: 'editing.error.photo' });
    expect(await check('./photos/notes.txt')).toEqual({ photo: 'editing.error.photo' });
    expect(await check(`/files/${uploaded}.png`)).toEqual({ photo: 'editing.error.photo' });
  });
});
