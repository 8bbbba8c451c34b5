import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, existsSync, readdirSync, writeFileSync as writeFile } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import {
  currentContentZip,
  ensureImported,
  listRevisions,
  publish,
  publishStatus,
  revisionDiff,
  revisionHistory,
  revisionSummary,
  rollback,
  startPublish,
  syncInstance,
  setServed,
  prepareForBuildInProgress,
} from '../../src/features/publishing/publish.service.ts';
import { PublishError, serverBuiltMarker } from '../../src/features/publishing/publishing.types.ts';
import { insertRevision } from '../../src/features/publishing/revision.repository.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { builtTree, putDraft, testSite, type TestSite } from '../support/publishing.ts';

const paper = 'papers/hotline-evaluation-framework.yaml';
const oldTitle = 'en: "A Framework for Evaluating City Hotline Services"';
const newTitle = 'en: "A Framework for Evaluating City Hotlines, Revised"';

describe.each(dialects)('web publishing on %s', (dialect) => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });
  async function setup(options: { check?: boolean; gate?: Promise<void> } = {}): Promise<{ t: TestDb; site: TestSite }> {
    const t = await createTestDb(dialect, { poolSize: 10 });
    const site = testSite(options);
    cleanup.push(
      () => t.drop(),
      () => site.remove(),
    );
    return { t, site };
  }
  const original = () => readFileSync(join(process.cwd(), 'content', paper), 'utf8');

  it('test_publish_drafts_newRevisionWrittenToContentFolderAndDraftsDeleted', async () => {
    const { t, site } = await setup();
    await putDraft(t.db, paper, original().replace(oldTitle, newTitle));
    await putDraft(t.db, 'papers/case-neighborhood-parking.yaml', null);
    await putDraft(t.db, 'pages/en/new-page.md', '---\ntitle: New\n---\nText.\n');

    const { revisionId } = await publish({ db: t.db, by: 'staff-1', message: 'Retitle a paper', site });

    expect(revisionId).toBe(2); // 1 is the content folder, imported first
    expect(readFileSync(join(site.contentDir, paper), 'utf8')).toContain(newTitle);
    expect(existsSync(join(site.contentDir, 'papers/case-neighborhood-parking.yaml'))).toBe(false);
    expect(readFileSync(join(site.contentDir, 'pages/en/new-page.md'), 'utf8')).toContain('title: New');
    expect(site.live.map((l) => l.revisionId)).toEqual([2]);
    expect(builtTree(site.live[0].distDir)[paper]).toContain(newTitle);
    expect(await t.db.selectFrom('content_draft').selectAll().execute()).toEqual([]);
    const revisions = await listRevisions(t.db);
    expect(revisions.map((r) => [r.id, r.state, r.live])).toEqual([
      [2, 'published', true],
      [1, 'published', false],
    ]);
    expect(revisions[0]).toMatchObject({ by: 'staff-1', message: 'Retitle a paper' });
    expect(revisions[1]).toMatchObject({ by: null, message: 'From the content folder' });
    const status = await publishStatus(t.db, revisionId);
    expect(status?.state).toBe('published');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id', 'actor_user_id'])
      .where('action', 'like', 'content.%')
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['content.import', 'content.publish']);
  }, 60_000);

  it('test_publish_draftEditedDuringPublish_keptForNextPublish', async () => {
    // The build waits until the draft has been edited: without the gate a fast publish could
    // finish (and clear the drafts it took) before the edit, and the test would race it.
    let open = () => {};
    const { t, site } = await setup({ gate: new Promise<void>((resolve) => (open = resolve)) });
    await putDraft(t.db, paper, original().replace(oldTitle, newTitle));
    const started = await startPublish({ db: t.db, by: 'staff-1', message: 'first', site });
    await t.db
      .updateTable('content_draft')
      .set({ body: 'title: changed again\n', updated_at: new Date(Date.now() + 1000).toISOString() })
      .execute();
    open();
    await started.done;
    expect((await t.db.selectFrom('content_draft').select('body').execute()).map((d) => d.body)).toEqual(['title: changed again\n']);
  });

  it('test_revisionDiff_changedAddedRemoved_lineDiffOfTheYaml', async () => {
    const { t, site } = await setup();
    await putDraft(t.db, paper, original().replace(oldTitle, newTitle));
    await putDraft(t.db, 'papers/case-neighborhood-parking.yaml', null);
    await putDraft(t.db, 'pages/en/new-page.md', '---\ntitle: New\n---\n');
    const { revisionId } = await publish({ db: t.db, by: 'staff-1', message: 'm', site });

    const diff = await revisionDiff(t.db, revisionId);

    expect(diff?.baseRevisionId).toBe(1);
    expect(diff?.files.map((f) => [f.path, f.change])).toEqual([
      ['pages/en/new-page.md', 'added'],
      ['papers/case-neighborhood-parking.yaml', 'removed'],
      [paper, 'changed'],
    ]);
    const changed = diff!.files[2].lines.filter((l) => l.kind !== 'same');
    expect(changed).toEqual([
      { kind: 'removed', text: `  ${oldTitle}` },
      { kind: 'added', text: `  ${newTitle}` },
    ]);
  });

  it('test_rollback_earlierRevision_newRevisionWithOldTree', async () => {
    const { t, site } = await setup();
    await putDraft(t.db, paper, original().replace(oldTitle, newTitle));
    await publish({ db: t.db, by: 'staff-1', message: 'm', site });
    await putDraft(t.db, 'pages/en/unsaved.md', '---\ntitle: Kept\n---\n');

    const { revisionId } = await rollback({ db: t.db, by: { userId: 'staff-2', email: 'ed@example.org' }, toRevisionId: 1, site });

    expect(revisionId).toBe(3);
    expect(readFileSync(join(site.contentDir, paper), 'utf8')).toBe(original());
    expect(builtTree(site.live.at(-1)!.distDir)[paper]).toBe(original());
    const [latest] = await listRevisions(t.db);
    expect(latest).toMatchObject({ id: 3, live: true, rolledBackFrom: 1, byEmail: 'ed@example.org', message: 'Rollback to revision 1' });
    // a rollback publishes no draft
    expect(await t.db.selectFrom('content_draft').select('path').execute()).toEqual([{ path: 'pages/en/unsaved.md' }]);
    const diff = await revisionDiff(t.db, 3);
    expect(diff?.files.map((f) => [f.path, f.change])).toEqual([[paper, 'changed']]);
    await expect(rollback({ db: t.db, by: 'staff-2', toRevisionId: 99, site })).rejects.toMatchObject({ code: 'no-revision' });
  });

  it('test_publish_badContent_failedWithFileAndFieldLiveUntouched', async () => {
    const { t, site } = await setup({ check: true });
    await ensureImported(t.db, site);
    await putDraft(t.db, paper, original().replace('year: 2024', 'year: "next year"'));

    const error = await publish({ db: t.db, by: 'staff-1', message: 'bad', site }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).code).toBe('build-failed');
    expect((error as PublishError).problems).toEqual([expect.objectContaining({ file: paper, field: 'year' })]);
    expect(readFileSync(join(site.contentDir, paper), 'utf8')).toBe(original());
    expect(site.live).toEqual([]);
    expect(existsSync(site.buildsDir) ? readdirSync(site.buildsDir) : []).toEqual([]);
    const status = await publishStatus(t.db, 2);
    expect(status).toMatchObject({ state: 'failed', problems: [expect.objectContaining({ file: paper, field: 'year' })] });
    expect(status?.log.some((l) => l.includes('year'))).toBe(true);
    expect((await listRevisions(t.db)).find((r) => r.live)?.id).toBe(1);
    // the draft stays for its correction; the next publish runs
    expect(await t.db.selectFrom('content_draft').select('path').execute()).toEqual([{ path: paper }]);
    await putDraft(t.db, paper, original().replace(oldTitle, newTitle));
    expect(await publish({ db: t.db, by: 'staff-1', message: 'fixed', site })).toEqual({ revisionId: 3 });
  }, 60_000);

  it('test_publish_concurrent_secondRefusedAsBusy', async () => {
    let open = () => {};
    const { t, site } = await setup({ gate: new Promise<void>((resolve) => (open = resolve)) });
    await ensureImported(t.db, site);
    await putDraft(t.db, paper, original().replace(oldTitle, newTitle));

    // the build waits until every attempt has had its answer
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => startPublish({ db: t.db, by: `staff-${n}`, message: `p${n}`, site })));

    const started = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(started).toHaveLength(1);
    expect(refused.map((r) => (r.reason as PublishError).code)).toEqual(['busy', 'busy', 'busy']);
    open();
    await started[0].value.done;
    // once it is done, the next one runs
    await putDraft(t.db, 'pages/en/x.md', '---\ntitle: X\n---\n');
    await expect(publish({ db: t.db, by: 'staff-1', message: 'next', site })).resolves.toEqual({ revisionId: 3 });
  });

  it('test_ensureImported_contentFolderChangedByDeployment_newRevision', async () => {
    const { t, site } = await setup();
    expect(await ensureImported(t.db, site)).toBe(1);
    expect(await ensureImported(t.db, site)).toBe(null);
    // a deployment from git changes the folder
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(site.contentDir, paper), original().replace(oldTitle, newTitle));
    const { ensureImported: again } = await import('../../src/features/publishing/publish.service.ts');
    // the process imports once per folder and start: a new process (another test site) would; here the folder is new to the db
    const second = testSite();
    cleanup.push(() => second.remove());
    writeFileSync(join(second.contentDir, paper), original().replace(oldTitle, newTitle));
    expect(await again(t.db, second)).toBe(2);
    expect((await listRevisions(t.db))[0]).toMatchObject({
      id: 2,
      live: true,
      message: 'Content folder changed outside the web (deployment)',
    });
  });

  it('test_syncInstance_otherInstancePublished_buildsAndServesIt', async () => {
    const { t, site } = await setup();
    await putDraft(t.db, paper, original().replace(oldTitle, newTitle));
    await publish({ db: t.db, by: 'staff-1', message: 'm', site });
    // a second instance: its own folders, still on revision 1's files
    const other = testSite();
    cleanup.push(() => other.remove());
    setServed({ revisionId: 1, tree: null });

    expect(await syncInstance(t.db, other)).toBe('switched');

    expect(readFileSync(join(other.contentDir, paper), 'utf8')).toContain(newTitle);
    expect(other.live.map((l) => l.revisionId)).toEqual([2]);
    expect(builtTree(other.live[0].distDir)[paper]).toContain(newTitle);
    expect(await syncInstance(t.db, other)).toBe('current');
    expect((await listRevisions(t.db)).length).toBe(2);
  });

  /** A site whose build marks its server bundle as built, then waits for `finish` and returns `ok`. */
  function slowBuild(site: TestSite, finish: Promise<void>, ok = true) {
    const build = site.build.bind(site);
    site.build = async (input) => {
      const result = await build(input);
      writeFile(join(input.outDir, serverBuiltMarker), '');
      await finish;
      return ok ? result : { ok: false, problems: [{ file: 'papers/x.yaml', field: 'title', message: 'bad' }] };
    };
  }

  it('test_publish_serverBundleBuilt_serverPreparedBeforeTheBuildEndsThenGoesLive', async () => {
    const { t, site } = await setup();
    let finish = () => undefined as void;
    slowBuild(site, new Promise<void>((resolve) => (finish = resolve)));
    const events: string[] = [];
    site.prepare = (target) => events.push(target ? `prepare ${target.revisionId} ${target.distDir}` : 'drop');
    site.goLive = async (target) => void events.push(`live ${target.revisionId} ${target.distDir}`);
    await putDraft(t.db, paper, original().replace(oldTitle, newTitle));

    const started = await startPublish({ db: t.db, by: 'staff-1', message: 'm', site });
    await expect.poll(() => events.length, { timeout: 10_000 }).toBe(1);
    const distDir = events[0].split(' ')[2];
    expect(events).toEqual([`prepare ${started.revisionId} ${distDir}`]);
    finish();
    await started.done;
    expect(events).toEqual([`prepare ${started.revisionId} ${distDir}`, `live ${started.revisionId} ${distDir}`]);
  }, 60_000);

  it('test_publish_buildFailsAfterServerBuilt_preparedServerDropped', async () => {
    const { t, site } = await setup();
    let finish = () => undefined as void;
    slowBuild(site, new Promise<void>((resolve) => (finish = resolve)), false);
    const events: string[] = [];
    site.prepare = (target) => events.push(target ? 'prepare' : 'drop');
    await putDraft(t.db, paper, original().replace(oldTitle, newTitle));

    const started = await startPublish({ db: t.db, by: 'staff-1', message: 'm', site });
    await expect.poll(() => events.length, { timeout: 10_000 }).toBe(1);
    finish();
    await expect(started.done).rejects.toThrow(PublishError);
    expect(events).toEqual(['prepare', 'drop']);
    expect(site.live).toEqual([]);
  }, 60_000);

  it('test_prepareForBuildInProgress_otherInstanceBuilding_preparesOnceItsServerIsBuilt', async () => {
    const { t, site } = await setup();
    let finish = () => undefined as void;
    slowBuild(site, new Promise<void>((resolve) => (finish = resolve)));
    await putDraft(t.db, paper, original().replace(oldTitle, newTitle));
    // this instance watches the same builds folder as the publishing one
    const prepared: ({ revisionId: number; distDir: string } | null)[] = [];
    const watcher = { ...site, prepare: (target: { revisionId: number; distDir: string } | null) => void prepared.push(target) };
    setServed({ revisionId: 1, tree: null });
    await prepareForBuildInProgress(t.db, watcher);
    expect(prepared).toEqual([]); // nothing is being built

    const started = await startPublish({ db: t.db, by: 'staff-1', message: 'm', site });
    const marker = () => readdirSync(site.buildsDir).some((d) => existsSync(join(site.buildsDir, d, serverBuiltMarker)));
    await expect.poll(() => existsSync(site.buildsDir) && marker(), { timeout: 10_000 }).toBe(true);
    await prepareForBuildInProgress(t.db, watcher);
    await prepareForBuildInProgress(t.db, watcher);
    expect(prepared).toEqual([{ revisionId: started.revisionId, distDir: join(site.buildsDir, readdirSync(site.buildsDir)[0]) }]);
    finish();
    await started.done;
  }, 60_000);

  it('test_revisionHistory_120Revisions_pagedInTheDatabaseNewestFirstWithTotal', async () => {
    const t = await createTestDb(dialect);
    cleanup.push(() => t.drop());
    for (let n = 1; n <= 120; n++) {
      await insertRevision(t.db, {
        state: n === 7 ? 'failed' : 'published',
        active: null,
        createdBy: null,
        createdByEmail: `editor-${n}@example.org`,
        at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
        message: `Revision ${n}`,
        tree: new Map([['pages/en/history.md', `version ${n}\n`]]),
        treeSha256: `tree-${n}`,
        rolledBackFrom: null,
      });
    }
    const ids = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

    const first = await revisionHistory(t.db, { page: 1, perPage: 20 });
    expect([first.total, first.page, first.pages]).toEqual([120, 1, 6]);
    expect(first.revisions.map((r) => r.id)).toEqual(ids(120, 101));
    expect(first.revisions[0]).toMatchObject({ message: 'Revision 120', byEmail: 'editor-120@example.org', live: true });
    expect(first.revisions.filter((r) => r.live)).toHaveLength(1);

    const third = await revisionHistory(t.db, { page: 3, perPage: 20 });
    expect(third.revisions.map((r) => r.id)).toEqual(ids(80, 61));

    const last = await revisionHistory(t.db, { page: 6, perPage: 20 });
    expect([last.page, last.pages, last.total]).toEqual([6, 6, 120]);
    expect(last.revisions.map((r) => r.id)).toEqual(ids(20, 1));
    expect(last.revisions.find((r) => r.id === 7)).toMatchObject({ state: 'failed', live: false });

    // out of range: the nearest page there is, as the audit log and registrations list do
    const beyond = await revisionHistory(t.db, { page: 99, perPage: 20 });
    expect([beyond.page, beyond.revisions.map((r) => r.id)]).toEqual([6, ids(20, 1)]);
    const before = await revisionHistory(t.db, { page: -3, perPage: 20 });
    expect([before.page, before.revisions[0]?.id]).toEqual([1, 120]);

    expect(await revisionSummary(t.db, 1)).toMatchObject({ id: 1, message: 'Revision 1', live: false });
    expect(await revisionSummary(t.db, 121)).toBeUndefined();
  });

  it('test_revisionHistory_noRevisions_onePageEmpty', async () => {
    const t = await createTestDb(dialect);
    cleanup.push(() => t.drop());

    expect(await revisionHistory(t.db, { page: 2, perPage: 20 })).toEqual({ revisions: [], total: 0, page: 1, pages: 1 });
  });

  it('test_currentContentZip_holdsEveryPublishedFile', async () => {
    const { t, site } = await setup();
    await putDraft(t.db, paper, original().replace(oldTitle, newTitle));
    await publish({ db: t.db, by: 'staff-1', message: 'm', site });

    const files = unzip(currentContentZip(site));

    expect(files.get(`content/${paper}`)).toContain(newTitle);
    expect(files.size).toBe(62);
  });
});

/** Reads a ZIP written with deflate (local headers only). */
function unzip(buffer: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let at = 0;
  while (buffer.readUInt32LE(at) === 0x04034b50) {
    const size = buffer.readUInt32LE(at + 18);
    const nameLength = buffer.readUInt16LE(at + 26);
    const name = buffer.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const data = buffer.subarray(at + 30 + nameLength, at + 30 + nameLength + size);
    files.set(name, inflateRawSync(data).toString('utf8'));
    at += 30 + nameLength + size;
  }
  return files;
}
