/**
 * The web editor's composition: its dependencies (database, content folder, uploads folder) and
 * the view objects of its pages (entry lists, entry forms), plus saving a form as a draft.
 * Forms are built from and checked with the collection schemas (site/editing-schemas.ts).
 */
import { join } from 'node:path';
import {
  editableCollections,
  entryPath,
  fileExtension,
  fileFields,
  isEntryId,
  photoPathOf,
  type EditableCollection,
} from '../features/editing/collections.ts';
import { readContentFile, writeContentFile } from '../features/editing/content-file.ts';
import { discardDraft, saveDraft, type EditingDeps } from '../features/editing/draft.service.ts';
import { entryIds, entryText, listEntries, type EntryState } from '../features/editing/entries.service.ts';
import type { FieldDescriptor } from '../features/editing/form-model.ts';
import { fromFormValues, toFormValues, type FormValues } from '../features/editing/form-values.ts';
import { mediaTypes, storeUpload, type UploadDeps } from '../features/editing/upload.service.ts';
import { photoErrors } from '../features/editing/photo-check.ts';
import { referenceErrors, schemaErrors, type FieldErrors } from '../features/editing/validate.ts';
import { audit, type Actor } from '../features/staff/audit.ts';
import { pick, type Locale, type Localized } from '../i18n/locale.ts';
import { editingSchemas, formOf } from '../site/editing-schemas.ts';
import { settings } from './config.ts';
import { services } from './services.ts';

/** The published revision: the same folder the build reads (src/content.config.ts). */
export const contentDir = () => process.env.CONTENT_DIR ?? './content';

export async function editingDeps(): Promise<EditingDeps & UploadDeps> {
  const { deps } = await services();
  return { db: deps.db, clock: deps.clock, contentDir: contentDir(), uploadsDir: join(settings.dataDir, 'uploads') };
}

const isLocalized = (value: unknown): value is Localized => typeof value === 'object' && value !== null && !Array.isArray(value);
const markdown = (collection: EditableCollection) => fileExtension(collection) === '.md';

/** What a list shows as an entry's name. */
function titleOf(collection: EditableCollection, data: Record<string, unknown> | undefined, locale: Locale): string | undefined {
  if (!data) return undefined;
  if (collection === 'visits') return [data.date, data.start].filter((v) => typeof v === 'string').join(' ');
  if (collection === 'pages') return typeof data.title === 'string' ? data.title : undefined;
  const value = data.title ?? data.name;
  return isLocalized(value) ? pick(value, locale).text : undefined;
}

/** Localized fields with one of en / zh missing (a page is one language per file: none). */
export function missingTranslations(fields: readonly FieldDescriptor[], data: Record<string, unknown>, prefix = ''): string[] {
  const missing: string[] = [];
  for (const field of fields) {
    const value = data[field.key];
    if (field.kind === 'localized' && isLocalized(value) && (!value.en || !value.zh)) missing.push(prefix + field.key);
    if (field.kind === 'group' && Array.isArray(value))
      value.forEach((row, i) => {
        if (isLocalized(row))
          missing.push(...missingTranslations(field.fields, row as Record<string, unknown>, `${prefix}${field.key}.${i}.`));
      });
  }
  return missing;
}

export interface EntryListItem {
  id: string;
  title: string | undefined;
  state: EntryState;
  stale: boolean;
  missingTranslations: number;
}

export interface CollectionSummary {
  collection: EditableCollection;
  entries: number;
  drafts: number;
}

export async function collectionsView(): Promise<CollectionSummary[]> {
  const deps = await editingDeps();
  return Promise.all(
    editableCollections.map(async (collection) => {
      const entries = await listEntries(deps, collection);
      return { collection, entries: entries.length, drafts: entries.filter((e) => e.state !== 'published').length };
    }),
  );
}

export async function entryListView(collection: EditableCollection, locale: Locale): Promise<EntryListItem[]> {
  const deps = await editingDeps();
  const fields = formOf(collection);
  const entries = await listEntries(deps, collection);
  return entries
    .filter((e) => e.state !== 'none')
    .map((e) => ({
      id: e.id,
      title: titleOf(collection, e.data, locale),
      state: e.state as EntryState,
      stale: e.stale,
      missingTranslations: e.data ? missingTranslations(fields, e.data).length : 0,
    }));
}

export interface ReferenceOption {
  id: string;
  label: string;
}

export interface EntryFormView {
  collection: EditableCollection;
  id: string;
  fields: FieldDescriptor[];
  values: FormValues;
  /** a Markdown page's body */
  body: string | undefined;
  state: EntryState | 'none';
  stale: boolean;
  /** hidden in the form: what it was filled from (conflict detection) */
  baseSha256: string;
  draftUpdatedAt: string;
  /** choices of every referenced collection */
  options: Record<string, ReferenceOption[]>;
  missing: string[];
  /** the text does not parse (a hand edit went wrong): shown instead of the form values */
  unreadable: boolean;
}

async function referenceOptions(fields: readonly FieldDescriptor[], locale: Locale): Promise<Record<string, ReferenceOption[]>> {
  const wanted = new Set<EditableCollection>();
  const walk = (list: readonly FieldDescriptor[]) => {
    for (const f of list) {
      if ((f.kind === 'reference' || f.kind === 'referenceList') && (editableCollections as readonly string[]).includes(f.collection))
        wanted.add(f.collection as EditableCollection);
      if (f.kind === 'group') walk(f.fields);
    }
  };
  walk(fields);
  const options: Record<string, ReferenceOption[]> = {};
  for (const collection of wanted) {
    const list = await entryListView(collection, locale);
    options[collection] = list
      .filter((e) => e.state !== 'deleted')
      .map((e) => ({ id: e.id, label: e.title ? `${e.title} (${e.id})` : e.id }));
  }
  return options;
}

/** The form of an entry: filled from its draft or published file, or from what was just submitted. */
export async function entryFormView(
  collection: EditableCollection,
  id: string,
  locale: Locale,
  submitted?: { values: FormValues; body: string | undefined; baseSha256: string; draftUpdatedAt: string },
): Promise<EntryFormView> {
  const deps = await editingDeps();
  const fields = formOf(collection);
  const entry = await entryText(deps, collection, id);
  let data: Record<string, unknown> = {};
  let body: string | undefined;
  let unreadable = false;
  if (entry.text !== undefined) {
    try {
      const file = readContentFile(entry.text, markdown(collection));
      data = file.data;
      body = file.body;
    } catch {
      unreadable = true;
    }
  }
  const values = submitted?.values ?? toFormValues(fields, data);
  return {
    collection,
    id,
    fields,
    values,
    body: submitted ? submitted.body : body,
    state: entry.state,
    stale: entry.stale,
    baseSha256: submitted?.baseSha256 ?? (entry.draft ? (entry.draft.base_sha256 ?? '') : (entry.published?.sha256 ?? '')),
    draftUpdatedAt: submitted?.draftUpdatedAt ?? entry.draft?.updated_at ?? '',
    options: await referenceOptions(fields, locale),
    missing: missingTranslations(fields, fromFormValues(fields, values, data)),
    unreadable,
  };
}

export type SaveEntryOutcome =
  | { kind: 'saved' }
  | { kind: 'invalid'; errors: FieldErrors; values: FormValues }
  | { kind: 'published-changed' }
  | { kind: 'draft-changed' };

/**
 * Save a submitted form as the entry's draft: read back with the form model, checked with the
 * collection schema and the references, written over the text it was filled from.
 */
export async function saveEntry(
  collection: EditableCollection,
  id: string,
  form: { values: FormValues; body: string | undefined; baseSha256: string; draftUpdatedAt: string },
  actor: Actor & { userId: string },
): Promise<SaveEntryOutcome> {
  const deps = await editingDeps();
  const fields = formOf(collection);
  const entry = await entryText(deps, collection, id);
  let original: Record<string, unknown> = {};
  try {
    if (entry.text !== undefined) original = readContentFile(entry.text, markdown(collection)).data;
  } catch {
    original = {};
  }
  const data = fromFormValues(fields, form.values, original);
  const ids = new Map<string, Set<string>>();
  for (const c of editableCollections) ids.set(c, await entryIds(deps, c));
  const photos = Object.entries(fileFields[collection] ?? {}).flatMap(([key, kind]) => (kind === 'image' ? [key] : []));
  const errors = {
    ...schemaErrors(editingSchemas[collection], data),
    ...referenceErrors(fields, data, (c) => ids.get(c) ?? new Set()),
    ...(await photoErrors(deps, { collection, id, fields: photos, data })),
  };
  if (Object.keys(errors).length > 0) return { kind: 'invalid', errors, values: toFormValues(fields, data) };
  let base = entry.text;
  try {
    if (base !== undefined) readContentFile(base, markdown(collection));
  } catch {
    base = undefined; // an unreadable file is written anew
  }
  const body = writeContentFile(
    base,
    { data, body: form.body },
    fields.map((f) => f.key),
    markdown(collection),
  );
  const outcome = await saveDraft(deps, {
    path: entryPath(collection, id),
    body,
    baseSha256: form.baseSha256 || null,
    draftUpdatedAt: form.draftUpdatedAt || null,
    actor,
  });
  return outcome.kind === 'saved' ? { kind: 'saved' } : { kind: outcome.kind };
}

/** Mark an entry for deletion on publish (a draft with no text), or drop a new entry's draft. */
export async function deleteEntry(
  collection: EditableCollection,
  id: string,
  form: { baseSha256: string; draftUpdatedAt: string },
  actor: Actor & { userId: string },
): Promise<SaveEntryOutcome> {
  const deps = await editingDeps();
  const entry = await entryText(deps, collection, id);
  if (!entry.published) {
    await discardDraft(deps, entry.path, actor);
    return { kind: 'saved' };
  }
  const outcome = await saveDraft(deps, {
    path: entry.path,
    body: null,
    baseSha256: form.baseSha256 || null,
    draftUpdatedAt: form.draftUpdatedAt || null,
    actor,
  });
  return outcome.kind === 'saved' ? { kind: 'saved' } : { kind: outcome.kind };
}

export async function discardEntryDraft(collection: EditableCollection, id: string, actor: Actor): Promise<void> {
  const deps = await editingDeps();
  await discardDraft(deps, entryPath(collection, id), actor);
}

/** A new entry's id: its format, and not taken (published or drafted). */
export async function checkNewId(collection: EditableCollection, id: string): Promise<string | undefined> {
  if (!isEntryId(collection, id)) return collection === 'pages' ? 'editing.error.pageId' : 'editing.error.id';
  const deps = await editingDeps();
  const entry = await entryText(deps, collection, id);
  return entry.state === 'none' ? undefined : 'editing.error.idTaken';
}

/** A posted entry form, split into the field values and the form's own controls. */
export interface PostedEntryForm {
  values: FormValues;
  body: string | undefined;
  baseSha256: string;
  draftUpdatedAt: string;
  action: 'save' | 'delete' | 'discard' | 'add';
  /** the group to add a row to */
  add: string | undefined;
  extraRows: Record<string, number>;
  confirmed: boolean;
}

/** Largest entry form accepted (text only; files go through the upload endpoint). */
export const maxEntryFormBytes = 1024 * 1024;

export function parseEntryForm(text: string): PostedEntryForm {
  const params = new URLSearchParams(text);
  const values: FormValues = {};
  const extraRows: Record<string, number> = {};
  for (const [key, value] of params) {
    if (key.startsWith('_extra.')) extraRows[key.slice('_extra.'.length)] = Math.min(Math.max(Number(value) || 0, 0), 50);
    else if (!key.startsWith('_') && key !== 'body') values[key] = value;
  }
  // "remove photo" (or file): the field is left empty, so the saved file no longer names it
  for (const [key, value] of params) if (key.startsWith('_remove.') && value === 'yes') values[key.slice('_remove.'.length)] = '';
  const add = params.get('_add') ?? undefined;
  if (add) extraRows[add] = (extraRows[add] ?? 0) + 1;
  const action = params.get('_do');
  return {
    values,
    body: params.has('body') ? (params.get('body') ?? '').replace(/\r\n/g, '\n') : undefined,
    baseSha256: params.get('_base') ?? '',
    draftUpdatedAt: params.get('_draftAt') ?? '',
    action: add ? 'add' : action === 'delete' || action === 'discard' ? action : 'save',
    add,
    extraRows,
    confirmed: params.get('_confirm') === 'yes',
  };
}

/** Where the error summary links for an error at `path`: the field's first control. */
export function errorAnchor(fields: readonly FieldDescriptor[], path: string): string {
  const parts = path.split('.');
  let list = fields;
  let prefix = '';
  for (let i = 0; i < parts.length; i++) {
    const field = list.find((f) => f.key === parts[i]);
    if (!field) break;
    prefix += (prefix ? '.' : '') + field.key;
    if (field.kind === 'group') {
      const row = parts[i + 1];
      if (row === undefined) return `f-${prefix}`;
      prefix += `.${row}`;
      list = field.fields;
      i++;
      continue;
    }
    if (field.kind === 'localized' || field.kind === 'localizedList') return `f-${prefix}.en`;
    if (field.kind === 'referenceList' || field.kind === 'enumList') return `f-${parts.slice(0, i + 2).join('.')}`;
    return `f-${prefix}`;
  }
  return `f-${path}`;
}

/** The label of an error's field for the summary: "Authors 2 › Name". */
export function errorLabel(fields: readonly FieldDescriptor[], path: string, label: (key: string) => string): string {
  const parts = path.split('.');
  const names: string[] = [];
  let list = fields;
  for (let i = 0; i < parts.length; i++) {
    const field = list.find((f) => f.key === parts[i]);
    if (!field) break;
    names.push(label(field.key));
    if (field.kind === 'group' && parts[i + 1] !== undefined) {
      names[names.length - 1] += ` ${Number(parts[i + 1]) + 1}`;
      list = field.fields;
      i++;
    }
  }
  return names.join(' › ') || path;
}

/**
 * Store an upload for a file field; returns the field's new value: a PDF's site address, or a
 * photo's path next to the entry's file (a publish puts the photo there for the image pipeline).
 */
export async function uploadForField(
  collection: EditableCollection,
  field: string,
  file: { filename: string; data: AsyncIterable<Uint8Array> },
  actor: Actor & { userId: string },
): Promise<{ ok: true; path: string } | { ok: false; error: string }> {
  const kind = fileFields[collection]?.[field];
  if (!kind) return { ok: false, error: 'editing.upload.wrongType' };
  const deps = await editingDeps();
  const outcome = await storeUpload(deps, { kind, body: file.data, originalName: file.filename, userId: actor.userId });
  if (!outcome.ok) return outcome;
  // A photo shows a person: who uploaded which one is recorded.
  if (kind === 'image') {
    await audit(deps, actor, 'content.upload-photo', { type: 'upload', id: outcome.sha256 }, { collection, field });
  }
  return { ok: true, path: kind === 'image' ? photoPathOf(outcome.sha256, mediaTypes[outcome.mediaType]) : outcome.path };
}
