/**
 * Bulk badge runs: started by a form, run in this process, their progress and PDF written to
 * DATA_DIR/badges/ (a progress page reads the state file; kept a day). With several instances,
 * DATA_DIR must be shared storage, or the progress page pinned to one instance.
 */
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../features/deps.ts';
import { renderBadges, type BadgeSelection } from '../features/printouts/badges.service.ts';
import { newToken } from '../features/shared/secrets.ts';
import type { Locale } from '../i18n/locale.ts';
import { settings } from './config.ts';
import { log } from './log.ts';

export interface BadgeJobState {
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
}

const KEEP_MS = 24 * 3600_000;
const dir = () => join(settings.dataDir, 'badges');
const validId = (id: string) => /^[A-Za-z0-9_-]{22}$/.test(id);

async function writeState(id: string, state: BadgeJobState): Promise<void> {
  const file = join(dir(), `${id}.json`);
  await writeFile(`${file}.tmp`, JSON.stringify(state));
  await rename(`${file}.tmp`, file);
}

/** Runs older than a day go. */
async function sweep(): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir())) {
    const file = join(dir(), name);
    if (now - (await stat(file)).mtimeMs > KEEP_MS) await rm(file, { force: true });
  }
}

/** Start a run; answers its id at once (the PDF is made in the background). */
export async function startBadgeJob(deps: Deps, locale: Locale, selection: BadgeSelection): Promise<string> {
  await mkdir(dir(), { recursive: true });
  await sweep().catch(() => undefined);
  const id = newToken();
  await writeState(id, { status: 'running', done: 0, total: 0 });
  // one write at a time, in order: the last state written is the last state reached
  let chain = Promise.resolve();
  const save = (state: BadgeJobState) => (chain = chain.then(() => writeState(id, state)).catch(() => undefined));
  let last = 0;
  const progress = (done: number, total: number) => {
    if (Date.now() - last < 250 && done < total) return;
    last = Date.now();
    void save({ status: 'running', done, total });
  };
  void renderBadges(deps, locale, selection, progress)
    .then(async ({ pdf, count }) => {
      await writeFile(join(dir(), `${id}.pdf`), pdf);
      await save({ status: 'done', done: count, total: count });
    })
    .catch(async (error: unknown) => {
      log.error(`badge run failed: ${error instanceof Error ? error.name : 'unknown error'}`);
      await save({ status: 'failed', done: 0, total: 0 });
    });
  return id;
}

export async function badgeJobState(id: string): Promise<BadgeJobState | undefined> {
  if (!validId(id)) return undefined;
  try {
    return JSON.parse(await readFile(join(dir(), `${id}.json`), 'utf8')) as BadgeJobState;
  } catch {
    return undefined;
  }
}

export async function badgeJobPdf(id: string): Promise<Buffer | undefined> {
  if (!validId(id)) return undefined;
  return readFile(join(dir(), `${id}.pdf`)).catch(() => undefined);
}
