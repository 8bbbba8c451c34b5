/**
 * Web publishing (docs/architecture.md, "Publishing"): a publish takes the published tree plus
 * every draft, stores it as a revision, builds it into its own folder, writes it to the
 * content folder and makes the instance serve the new build. A failed build changes nothing
 * that is live. One publish runs at a time across all instances (the revision table's
 * unique `active` index); a second one is refused with `PublishError('busy')`.
 */
import type { Kysely } from 'kysely';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { audit, systemActor, type Actor } from '../staff/audit.ts';
import { systemClock } from '../shared/clock.ts';
import { isBinaryPath, isSafePath, readTree, sameBody, sha256, treeHashOf, writeTree, type FileBody, type Tree } from './content-tree.ts';
import { lineDiff, type DiffLine } from './line-diff.ts';
import { zip } from './zip.ts';
import { addNamedUploads, dropUnnamedUploads } from './tree-images.ts';
import { withBuildLock } from './build-lock.ts';
import { defaultSite } from './site.ts';
import * as repo from './revision.repository.ts';
import {
  PublishError,
  serverBuiltMarker,
  type ContentProblem,
  type Publisher,
  type PublishSite,
  type RevisionState,
} from './publishing.types.ts';

type Db = Kysely<Database>;

/** A publish that stopped without finishing (its process died) blocks others for at most this long. */
const staleAfterMs = 15 * 60_000;
/** Progress lines kept per revision (a big build prints thousands). */
const logLines = 300;

const clock = systemClock;
const now = () => clock.now().toISOString();

function actorOf(by: Publisher): Actor {
  return typeof by === 'string' ? { userId: by, email: null } : by;
}

async function withEmail(db: Db, by: Publisher): Promise<Actor> {
  const actor = actorOf(by);
  if (actor.email || !actor.userId) return actor;
  return { ...actor, email: await repo.staffEmail(db, actor.userId) };
}

/** A started publish: its revision, and the promise of its end (rejects with PublishError). */
export interface StartedPublish {
  revisionId: number;
  done: Promise<void>;
}

interface Start {
  db: Db;
  by: Publisher;
  message: string;
  site?: PublishSite | undefined;
}

/** The tree every publish starts from: the live revision's, else (first publish) the content folder. */
async function liveTree(db: Db, site: PublishSite): Promise<Tree> {
  const live = await repo.newestPublished(db);
  return live ? repo.revisionTree(db, live.id) : readTree(site.contentDir);
}

/**
 * The tree a publish of every draft writes: the live tree with the drafts laid over it, the
 * uploaded images they name put in and the ones no file names any more taken out.
 */
async function draftedTree(db: Db, site: PublishSite) {
  const base = await liveTree(db, site);
  const tree = new Map(base);
  const drafts = (await repo.allDrafts(db)).filter((d) => isSafePath(d.path));
  for (const draft of drafts) {
    if (draft.body === null) tree.delete(draft.path);
    else tree.set(draft.path, draft.body);
  }
  await addNamedUploads(
    db,
    tree,
    drafts.map((d) => d.path),
  );
  dropUnnamedUploads(tree);
  const sorted: Tree = new Map([...tree].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { base, tree: sorted, drafts };
}

/** Starts a publish of every draft and returns at once; progress: `publishStatus`. */
export async function startPublish(input: Start): Promise<StartedPublish> {
  const site = input.site ?? defaultSite();
  await ensureImported(input.db, site);
  const { tree, drafts } = await draftedTree(input.db, site);
  return begin(input, site, tree, { drafts, rolledBackFrom: null, action: 'content.publish' });
}

export type FileChangeKind = 'added' | 'changed' | 'removed';

/** How a file differs between two trees; undefined when it does not. */
function changeOf(before: FileBody | undefined, after: FileBody | undefined): FileChangeKind | undefined {
  if (sameBody(before, after)) return undefined;
  return before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
}

/**
 * The images a publish of every draft would add, replace or remove, computed as the publish
 * computes its tree (a draft names an upload; a replaced photo leaves). The Publish page lists
 * them beside the drafts. Reads only: a content folder changed outside the web is imported by
 * the publish itself (and at start), not by this listing.
 */
export async function pendingImageChanges(db: Db, site: PublishSite = defaultSite()): Promise<{ path: string; change: FileChangeKind }[]> {
  const { base, tree } = await draftedTree(db, site);
  const changes: { path: string; change: FileChangeKind }[] = [];
  for (const path of [...new Set([...base.keys(), ...tree.keys()])].sort()) {
    if (!isBinaryPath(path)) continue;
    const change = changeOf(base.get(path), tree.get(path));
    if (change) changes.push({ path, change });
  }
  return changes;
}

/** Publishes every draft and waits for the new build to be live. */
export async function publish(input: Start): Promise<{ revisionId: number }> {
  const started = await startPublish(input);
  await started.done;
  return { revisionId: started.revisionId };
}

/** Starts publishing an earlier revision's files again, as a new revision. */
export async function startRollback(input: {
  db: Db;
  by: Publisher;
  toRevisionId: number;
  site?: PublishSite | undefined;
}): Promise<StartedPublish> {
  const site = input.site ?? defaultSite();
  const target = await repo.findRevision(input.db, input.toRevisionId);
  if (!target || target.state !== 'published') throw new PublishError('no-revision', input.toRevisionId);
  const tree = await repo.revisionTree(input.db, target.id);
  return begin({ db: input.db, by: input.by, message: `Rollback to revision ${target.id}`, site }, site, tree, {
    drafts: [],
    rolledBackFrom: target.id,
    action: 'content.rollback',
  });
}

export async function rollback(input: {
  db: Db;
  by: Publisher;
  toRevisionId: number;
  site?: PublishSite | undefined;
}): Promise<{ revisionId: number }> {
  const started = await startRollback(input);
  await started.done;
  return { revisionId: started.revisionId };
}

async function begin(
  input: Start,
  site: PublishSite,
  tree: Tree,
  plan: { drafts: { path: string; updated_at: string }[]; rolledBackFrom: number | null; action: string },
): Promise<StartedPublish> {
  const actor = await withEmail(input.db, input.by);
  await repo.failStale(input.db, new Date(clock.now().getTime() - staleAfterMs).toISOString());
  let revisionId: number;
  try {
    revisionId = await inTransaction(input.db, async (trx) => {
      const id = await repo.insertRevision(trx, {
        state: 'queued',
        active: 1,
        createdBy: actor.userId,
        createdByEmail: actor.email,
        at: now(),
        message: input.message.trim().slice(0, 500),
        tree,
        treeSha256: treeHashOf(tree),
        rolledBackFrom: plan.rolledBackFrom,
      });
      await audit(
        { db: trx, clock },
        actor,
        plan.action,
        { type: 'content-revision', id: String(id) },
        {
          files: tree.size,
          ...(plan.rolledBackFrom ? { from: plan.rolledBackFrom } : {}),
        },
      );
      return id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new PublishError('busy');
    throw error;
  }
  const done = run(input.db, site, revisionId, tree, plan.drafts);
  // the caller may not wait: a failure is in the revision's state, not an unhandled rejection
  done.catch(() => undefined);
  return { revisionId, done };
}

/** The build folder this instance has started a server on ahead of its switch (site.prepare), if any. */
let prepared: string | null = null;

/** Calls site.prepare once the build in outDir has its server bundle; the returned function stops looking. */
function prepareWhenServerBuilt(site: PublishSite, revisionId: number, outDir: string): () => void {
  if (!site.prepare) return () => undefined;
  const timer = setInterval(() => {
    if (!existsSync(join(outDir, serverBuiltMarker))) return;
    clearInterval(timer);
    prepared = outDir;
    site.prepare?.({ revisionId, distDir: outDir });
  }, 100);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Another instance on this disk is building a revision: once its server bundle is built, this
 * instance starts loading a server on it too, so that its switch after the publish is quick.
 */
export async function prepareForBuildInProgress(db: Db, site: PublishSite = defaultSite()): Promise<void> {
  if (!site.prepare) return;
  const building = await repo.buildingRevision(db);
  if (!building || building.id === served.revisionId) return;
  const outDir = buildDir(site, building.id, building.tree_sha256);
  if (outDir === prepared || !existsSync(join(outDir, serverBuiltMarker))) return;
  prepared = outDir;
  site.prepare({ revisionId: building.id, distDir: outDir });
}

/**
 * Writes the live revision to the content folder (what git users and a restart read) while the
 * new server loads in another process. The revision is live whatever happens here: a failure is
 * reported, and the next publish or restart writes the folder again.
 */
function mirrorToContentFolder(site: PublishSite, tree: Tree): void {
  try {
    writeTree(site.contentDir, tree);
  } catch (error) {
    console.error(`[publishing] the content folder could not be written: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A revision's build folder; the tree in its name keeps sites with different databases on one disk apart. */
function buildDir(site: PublishSite, revisionId: number, tree: string): string {
  return join(site.buildsDir, `${revisionId}-${tree.slice(0, 12)}`);
}

/** Progress lines, written to the database at most every 500 ms (other instances read them). */
function progressLog(db: Db, revisionId: number) {
  const lines: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing = Promise.resolve();
  const flush = () => {
    timer = undefined;
    const text = lines.slice(-logLines).join('\n');
    writing = writing.then(() => repo.setLog(db, revisionId, text)).catch(() => undefined);
    return writing;
  };
  return {
    add: (line: string) => {
      if (!line.trim()) return;
      lines.push(line);
      timer ??= setTimeout(() => void flush(), 500);
    },
    text: async () => {
      if (timer) clearTimeout(timer);
      await flush();
      return lines.slice(-logLines).join('\n');
    },
  };
}

async function run(
  db: Db,
  site: PublishSite,
  revisionId: number,
  tree: Tree,
  drafts: { path: string; updated_at: string }[],
): Promise<void> {
  const log = progressLog(db, revisionId);
  const outDir = buildDir(site, revisionId, treeHashOf(tree));
  try {
    const result = await withBuildLock(site, async () => {
      await repo.setState(db, revisionId, 'writing');
      const staging = join(site.workDir, 'content');
      mkdirSync(staging, { recursive: true });
      const { written, deleted } = writeTree(staging, tree);
      log.add(`${tree.size} files, ${written} written, ${deleted} removed`);
      await repo.setState(db, revisionId, 'building');
      rmSync(outDir, { recursive: true, force: true });
      const stopWatching = prepareWhenServerBuilt(site, revisionId, outDir);
      const built = await site.build({ contentDir: staging, outDir, log: log.add }).finally(stopWatching);
      if (built.ok) writeFileSync(join(outDir, '.complete'), String(revisionId));
      return built;
    });
    if (!result.ok) {
      site.prepare?.(null);
      rmSync(outDir, { recursive: true, force: true });
      await repo.setState(db, revisionId, 'failed', { error: JSON.stringify(result.problems), log: await log.text() });
      throw new PublishError('build-failed', revisionId, result.problems);
    }
    await repo.setState(db, revisionId, 'switching');
    log.add('switching to the new build');
    const text = await log.text();
    await inTransaction(db, async (trx) => {
      await repo.setState(trx, revisionId, 'published', { at: now(), log: text });
      await repo.deleteDrafts(trx, drafts);
    });
    served = { revisionId, tree: treeHashOf(tree) };
    await site.goLive({ revisionId, distDir: outDir });
    mirrorToContentFolder(site, tree);
  } catch (error) {
    if (error instanceof PublishError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    await repo
      .setState(db, revisionId, 'failed', { error: JSON.stringify([{ file: '', field: '', message }]), log: await log.text() })
      .catch(() => undefined);
    throw new PublishError('build-failed', revisionId, [{ file: '', field: '', message }]);
  }
}

export interface PublishStatus {
  revisionId: number;
  state: RevisionState;
  log: string[];
  problems: ContentProblem[];
  createdAt: string;
  finishedAt: string | null;
}

export async function publishStatus(db: Db, revisionId: number): Promise<PublishStatus | undefined> {
  const row = await repo.findRevision(db, revisionId);
  if (!row) return undefined;
  return {
    revisionId: row.id,
    state: row.state,
    log: row.log ? row.log.split('\n') : [],
    problems: row.error ? (JSON.parse(row.error) as ContentProblem[]) : [],
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export interface RevisionSummary {
  id: number;
  state: RevisionState;
  by: string | null;
  byEmail: string | null;
  createdAt: string;
  finishedAt: string | null;
  message: string;
  rolledBackFrom: number | null;
  /** the revision the site shows now */
  live: boolean;
}

type RevisionRow = NonNullable<Awaited<ReturnType<typeof repo.revisionRow>>>;

const summaryOf = (r: RevisionRow, liveId: number | undefined): RevisionSummary => ({
  id: r.id,
  state: r.state,
  by: r.created_by,
  byEmail: r.created_by_email,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  message: r.message,
  rolledBackFrom: r.rolled_back_from,
  live: r.id === liveId,
});

export async function listRevisions(db: Db, options: { limit?: number } = {}): Promise<RevisionSummary[]> {
  const rows = await repo.listRevisionRows(db, options.limit ?? 100);
  const live = await repo.newestPublished(db);
  return rows.map((r) => summaryOf(r, live?.id));
}

export interface RevisionHistoryPage {
  revisions: RevisionSummary[];
  /** every revision, on every page */
  total: number;
  /** the page shown: the one asked for, kept between 1 and the last (as the other staff lists do) */
  page: number;
  pages: number;
}

/** One page of the history, newest first: only that page's rows are read. */
export async function revisionHistory(db: Db, options: { page: number; perPage: number }): Promise<RevisionHistoryPage> {
  const total = await repo.countRevisions(db);
  const pages = Math.max(1, Math.ceil(total / options.perPage));
  const page = Math.min(Math.max(1, Math.floor(options.page)), pages);
  const [rows, live] = await Promise.all([
    repo.listRevisionRows(db, options.perPage, (page - 1) * options.perPage),
    repo.newestPublished(db),
  ]);
  return { revisions: rows.map((r) => summaryOf(r, live?.id)), total, page, pages };
}

export async function revisionSummary(db: Db, id: number): Promise<RevisionSummary | undefined> {
  const [row, live] = await Promise.all([repo.revisionRow(db, id), repo.newestPublished(db)]);
  return row && summaryOf(row, live?.id);
}

export interface FileChange {
  path: string;
  change: FileChangeKind;
  /** an image: shown as "image added/changed/removed", no lines */
  binary: boolean;
  lines: DiffLine[];
}

/** What a revision changed against the revision that was live before it. */
export async function revisionDiff(
  db: Db,
  id: number,
): Promise<{ revisionId: number; baseRevisionId: number | null; files: FileChange[] } | undefined> {
  const revision = await repo.findRevision(db, id);
  if (!revision) return undefined;
  const base = await repo.publishedBefore(db, id);
  const before: Tree = base ? await repo.revisionTree(db, base.id) : new Map<string, FileBody>();
  const after = await repo.revisionTree(db, id);
  const files: FileChange[] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(path);
    const b = after.get(path);
    const change = changeOf(a, b);
    if (!change) continue;
    const text = (typeof a === 'string' || a === undefined) && (typeof b === 'string' || b === undefined);
    files.push({ path, change, binary: !text, lines: text ? lineDiff(a ?? '', b ?? '') : [] });
  }
  return { revisionId: id, baseRevisionId: base?.id ?? null, files };
}

/** The published content folder as a ZIP (what a git repository's content/ should hold). */
export function currentContentZip(site: PublishSite = defaultSite()): Buffer {
  return zip([...readTree(site.contentDir)].map(([path, body]) => ({ path: `content/${path}`, body })));
}

/**
 * The content folder as a revision when the database has none yet, or when the folder holds
 * files no revision ever published (a deployment from git changed them): git and the web meet
 * in the revision history. A folder equal to an older published revision is only behind
 * (another instance published since): `syncInstance` brings it up to date instead.
 */
export async function ensureImported(db: Db, site: PublishSite): Promise<number | null> {
  const tree = readTree(site.contentDir);
  const hash = treeHashOf(tree);
  const live = await repo.newestPublished(db);
  if (live && (live.tree_sha256 === hash || (await repo.hasPublishedTree(db, hash)))) return null;
  if (live && importedOnce.has(site.contentDir)) return null;
  importedOnce.add(site.contentDir);
  try {
    return await inTransaction(db, async (trx) => {
      const id = await repo.insertRevision(trx, {
        state: 'published',
        active: null,
        createdBy: null,
        createdByEmail: null,
        at: now(),
        message: live ? 'Content folder changed outside the web (deployment)' : 'From the content folder',
        tree,
        treeSha256: hash,
        rolledBackFrom: null,
      });
      await audit({ db: trx, clock }, systemActor, 'content.import', { type: 'content-revision', id: String(id) }, { files: tree.size });
      return id;
    });
  } catch (error) {
    // another instance imported the same folder at the same moment
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}
/** Folders imported by this process: a folder is imported at start only, never during a poll. */
const importedOnce = new Set<string>();

/** What this process serves: set at start from its build, then by every switch. */
let served: { revisionId: number | null; tree: string | null } = { revisionId: null, tree: null };
const failedBuilds = new Set<number>();

/**
 * Whether the build this process was started on shows this content folder (or an earlier
 * published state of it). A server started on a build of other content (the browser tests'
 * upcoming edition) or on a build without its content stamp leaves publishing alone.
 */
async function servesThisContent(db: Db, site: PublishSite): Promise<boolean> {
  if (served.tree === null) return false;
  if (served.tree === treeHashOf(readTree(site.contentDir))) return true;
  return repo.hasPublishedTree(db, served.tree);
}

export function setServed(value: { revisionId: number | null; tree: string | null }): void {
  served = value;
}

/**
 * Brings this instance to the newest published revision: its content folder, then (if it
 * serves another build) the build of that revision, built here when missing; then goes live.
 * Runs at start and every few seconds (services.ts).
 */
/** True when the newest published revision is not the one served here (one indexed query, no file read). */
export async function newerRevisionPublished(db: Db): Promise<boolean> {
  const live = await repo.newestPublished(db);
  return live !== undefined && served.revisionId !== live.id && served.tree !== live.tree_sha256;
}

export async function syncInstance(
  db: Db,
  site: PublishSite = defaultSite(),
  /** false: follow a revision just published, without reading the content folder first (the periodic full check does that) */
  checkFolder = true,
): Promise<'current' | 'switched' | 'waiting' | 'off'> {
  if (served.revisionId === null && !(await servesThisContent(db, site))) return 'off';
  if (checkFolder) await ensureImported(db, site);
  const live = await repo.newestPublished(db);
  if (!live) return 'current';
  if (served.revisionId === live.id || (served.revisionId === null && served.tree === live.tree_sha256)) {
    served = { revisionId: live.id, tree: live.tree_sha256 };
    return 'current';
  }
  if (failedBuilds.has(live.id)) return 'waiting';
  const outDir = buildDir(site, live.id, live.tree_sha256);
  let tree: Tree | undefined;
  if (!existsSync(join(outDir, '.complete'))) {
    const revisionTree = (tree = await repo.revisionTree(db, live.id));
    const built = await withBuildLock(site, async () => {
      // another instance on this disk may have built it while this one waited
      if (existsSync(join(outDir, '.complete'))) return { ok: true, problems: [] };
      const staging = join(site.workDir, 'content');
      mkdirSync(staging, { recursive: true });
      writeTree(staging, revisionTree);
      rmSync(outDir, { recursive: true, force: true });
      const stopWatching = prepareWhenServerBuilt(site, live.id, outDir);
      const result = await site.build({ contentDir: staging, outDir, log: () => undefined }).finally(stopWatching);
      if (result.ok) writeFileSync(join(outDir, '.complete'), String(live.id));
      return result;
    });
    if (!built.ok) {
      site.prepare?.(null);
      failedBuilds.add(live.id);
      return 'waiting';
    }
  }
  served = { revisionId: live.id, tree: live.tree_sha256 };
  await site.goLive({ revisionId: live.id, distDir: outDir });
  mirrorToContentFolder(site, tree ?? (await repo.revisionTree(db, live.id)));
  return 'switched';
}

export { sha256 };
