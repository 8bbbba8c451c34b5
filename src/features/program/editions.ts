/**
 * Editions: one event file per edition of the forum (content/event/<id>.yaml). Exactly one is
 * current (registration, visits, the home page and today's program URLs belong to it); the
 * others are past editions whose program, sessions and speakers live under their path
 * (/en/2024/program/). Pure rules shared by the site (src/site/content.ts) and the content check.
 */
import { ContentError } from './content-rules.ts';

/** What the rules need of an event file. */
export interface EditionEntry {
  /** the event file's id, e.g. beijing-2024 */
  id: string;
  /** the file, for error messages */
  file: string;
  current: boolean;
  /** URL slug from content; default: the year of startDate */
  path?: string | undefined;
  startDate: string;
}

/** The edition's URL slug: `path` from content, or the year of its startDate ("2024"). */
export function editionPath(entry: Pick<EditionEntry, 'path' | 'startDate'>): string {
  return entry.path ?? entry.startDate.slice(0, 4);
}

/**
 * The current edition: the one marked `current: true`; a single event file is current without
 * the mark. None or several marked among several files is a ContentError naming the files.
 */
export function currentEdition<T extends EditionEntry>(entries: readonly T[]): T {
  if (entries.length === 0) throw new ContentError('content/event/', '(collection)', 'no event file: add one per edition');
  const marked = entries.filter((e) => e.current);
  if (marked.length === 1) return marked[0];
  if (marked.length === 0 && entries.length === 1) return entries[0];
  const files = (marked.length > 1 ? marked : entries).map((e) => e.file.split('/').pop()).join(', ');
  throw new ContentError(
    'content/event/',
    'current',
    marked.length > 1 ? `several editions are marked current: ${files}` : `several editions and none is marked current: true: ${files}`,
  );
}

/** Two editions with the same path would share URLs. */
export function checkEditionPaths(entries: readonly EditionEntry[]): void {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const path = editionPath(entry);
    const other = seen.get(path);
    if (other) throw new ContentError(entry.file, 'path', `edition path "${path}" is also the path of ${other}`);
    seen.set(path, entry.file);
  }
}

/**
 * The edition a session or paper belongs to: its `edition` field, which may be left out only
 * while there is a single event file.
 */
export function editionOf(editionId: string | undefined, file: string, entries: readonly EditionEntry[]): string {
  if (editionId === undefined) {
    if (entries.length === 1) return entries[0].id;
    throw new ContentError(file, 'edition', `required when content/event/ has several editions (${entries.map((e) => e.id).join(', ')})`);
  }
  if (!entries.some((e) => e.id === editionId)) {
    throw new ContentError(file, 'edition', `no event file content/event/${editionId}.yaml`);
  }
  return editionId;
}
