/**
 * Images in the content tree: a photo committed to content/ (git) and a photo uploaded in the
 * speaker form both travel through revisions byte for byte, on SQLite and PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import sharp from 'sharp';
import { currentContentZip, pendingImageChanges, publish, revisionDiff, rollback } from '../../src/features/publishing/publish.service.ts';
import { storeUpload } from '../../src/features/editing/upload.service.ts';
import { readTree, treeHashOf } from '../../src/features/publishing/content-tree.ts';
import { contentTreeHash } from '../../scripts/build-stamp.mjs';
import { systemClock } from '../../src/features/shared/clock.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { putDraft, testSite, type TestSite } from '../support/publishing.ts';

const speaker = 'speakers/speaker-a.yaml';
const paper = 'papers/hotline-evaluation-framework.yaml';

/** A small real JPEG (every byte value matters: it is not valid UTF-8). */
const jpeg = (color: string) =>
  sharp({ create: { width: 12, height: 12, channels: 3, background: color } })
    .jpeg({ quality: 90 })
    .toBuffer();

describe.each(dialects)('images in the content tree on %s', (dialect) => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });
  async function setup(): Promise<{ t: TestDb; site: TestSite }> {
    const t = await createTestDb(dialect, { poolSize: 10 });
    const site = testSite();
    cleanup.push(
      () => t.drop(),
      () => site.remove(),
    );
    return { t, site };
  }
  const original = (path: string) => readFileSync(join(process.cwd(), 'content', path), 'utf8');

  it('test_publish_photoCommittedToContentFolder_roundTripsByteForByte', async () => {
    const { t, site } = await setup();
    const photo = await jpeg('#b03030');
    mkdirSync(join(site.contentDir, 'speakers/photos'), { recursive: true });
    writeFileSync(join(site.contentDir, 'speakers/photos/speaker-a.jpg'), photo);
    await putDraft(t.db, paper, original(paper).replace('City Hotline Services', 'City Hotlines'));

    await publish({ db: t.db, by: 'staff-1', message: 'Retitle', site });

    expect(readFileSync(join(site.contentDir, 'speakers/photos/speaker-a.jpg')).equals(photo)).toBe(true);
    const zipped = unzip(currentContentZip(site)).get('content/speakers/photos/speaker-a.jpg');
    expect(zipped?.equals(photo)).toBe(true);
    // the stamp a build carries names the same tree
    expect(contentTreeHash(site.contentDir)).toBe(treeHashOf(readTree(site.contentDir)));
  });

  it('test_publish_draftNamesUploadedPhoto_photoPutIntoTreeAndZip', async () => {
    const { t, site } = await setup();
    const photo = await jpeg('#3050b0');
    const stored = await upload(t, site, photo);
    await putDraft(t.db, speaker, `${original(speaker)}photo: ./photos/${stored}.jpg\n`);

    const { revisionId } = await publish({ db: t.db, by: 'staff-1', message: 'Photo', site });

    const file = join(site.contentDir, `speakers/photos/${stored}.jpg`);
    expect(readFileSync(file).equals(photo)).toBe(true);
    expect(unzip(currentContentZip(site)).get(`content/speakers/photos/${stored}.jpg`)?.equals(photo)).toBe(true);
    const diff = await revisionDiff(t.db, revisionId);
    expect(diff?.files.map((f) => [f.path, f.change, f.binary])).toEqual([
      [`speakers/photos/${stored}.jpg`, 'added', true],
      [speaker, 'changed', false],
    ]);
    expect(diff?.files[0].lines).toEqual([]);

    await rollback({ db: t.db, by: 'staff-1', toRevisionId: 1, site });

    expect(existsSync(file)).toBe(false);
    expect(readFileSync(join(site.contentDir, speaker), 'utf8')).toBe(original(speaker));
  });

  it('test_publish_photoReplaced_oldUploadedPhotoLeavesTheTree', async () => {
    const { t, site } = await setup();
    const first = await upload(t, site, await jpeg('#30a030'));
    await putDraft(t.db, speaker, `${original(speaker)}photo: ./photos/${first}.jpg\n`);
    await publish({ db: t.db, by: 'staff-1', message: 'Photo', site });
    const second = await upload(t, site, await jpeg('#a0a030'));
    await putDraft(t.db, speaker, `${original(speaker)}photo: ./photos/${second}.jpg\n`);

    const { revisionId } = await publish({ db: t.db, by: 'staff-1', message: 'Another photo', site });

    expect(existsSync(join(site.contentDir, `speakers/photos/${first}.jpg`))).toBe(false);
    expect(existsSync(join(site.contentDir, `speakers/photos/${second}.jpg`))).toBe(true);
    const diff = await revisionDiff(t.db, revisionId);
    expect(diff?.files.map((f) => [f.path, f.change])).toEqual([
      [`speakers/photos/${first}.jpg`, 'removed'],
      [`speakers/photos/${second}.jpg`, 'added'],
      [speaker, 'changed'],
    ]);
  });

  it('test_pendingImageChanges_draftsNameUploads_listsWhatThePublishThenDoes', async () => {
    const { t, site } = await setup();
    expect(await pendingImageChanges(t.db, site)).toEqual([]);
    const first = await upload(t, site, await jpeg('#803080'));
    await putDraft(t.db, speaker, `${original(speaker)}photo: ./photos/${first}.jpg\n`);

    expect(await pendingImageChanges(t.db, site)).toEqual([{ path: `speakers/photos/${first}.jpg`, change: 'added' }]);
    await publish({ db: t.db, by: 'staff-1', message: 'Photo', site });
    expect(await pendingImageChanges(t.db, site)).toEqual([]);

    // a replaced photo: the new one comes in, the old one leaves, exactly as the publish's diff then says
    const second = await upload(t, site, await jpeg('#308080'));
    await putDraft(t.db, speaker, `${original(speaker)}photo: ./photos/${second}.jpg\n`);
    const pending = await pendingImageChanges(t.db, site);
    expect(pending).toEqual(
      [
        { path: `speakers/photos/${first}.jpg`, change: 'removed' },
        { path: `speakers/photos/${second}.jpg`, change: 'added' },
      ].sort((a, b) => (a.path < b.path ? -1 : 1)),
    );
    const { revisionId } = await publish({ db: t.db, by: 'staff-1', message: 'Another photo', site });
    const diff = await revisionDiff(t.db, revisionId);
    expect(diff?.files.filter((f) => f.binary).map(({ path, change }) => ({ path, change }))).toEqual(pending);

    // a removed photo (the draft names none) and an unrelated text draft
    await putDraft(t.db, speaker, original(speaker));
    await putDraft(t.db, paper, original(paper).replace('City Hotline Services', 'City Hotlines'));
    expect(await pendingImageChanges(t.db, site)).toEqual([{ path: `speakers/photos/${second}.jpg`, change: 'removed' }]);
  });
});

async function upload(t: TestDb, site: TestSite, bytes: Buffer): Promise<string> {
  const outcome = await storeUpload(
    { db: t.db, clock: systemClock, uploadsDir: join(site.workDir, 'uploads') },
    {
      kind: 'image',
      body: (async function* () {
        yield bytes;
      })(),
      originalName: 'portrait.jpg',
      userId: 'staff-1',
    },
  );
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.sha256;
}

/** Reads a ZIP written with deflate (local headers only). */
function unzip(buffer: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let at = 0;
  while (buffer.readUInt32LE(at) === 0x04034b50) {
    const size = buffer.readUInt32LE(at + 18);
    const nameLength = buffer.readUInt16LE(at + 26);
    const name = buffer.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const data = buffer.subarray(at + 30 + nameLength, at + 30 + nameLength + size);
    files.set(name, inflateRawSync(data));
    at += 30 + nameLength + size;
  }
  return files;
}
