/**
 * The collections an editor changes in the browser, where their files live in the content
 * folder and what a file id may look like. (The event file is edited by hand: it drives the
 * registration and the database.)
 */

export const editableCollections = ['sessions', 'speakers', 'papers', 'publications', 'pages', 'tickets', 'visits'] as const;
export type EditableCollection = (typeof editableCollections)[number];

export function isEditableCollection(value: unknown): value is EditableCollection {
  return typeof value === 'string' && (editableCollections as readonly string[]).includes(value);
}

/** Prose pages are Markdown, one file per language; everything else is one YAML file per entry. */
export const fileExtension = (collection: EditableCollection) => (collection === 'pages' ? '.md' : '.yaml');

/**
 * Fields holding an uploaded file: a PDF's site path (/files/<sha256>.pdf), or a photo's path
 * relative to the entry's file (./photos/<sha256>.jpg), which a publish puts into the content
 * folder for the build's image pipeline.
 */
export const fileFields: Partial<Record<EditableCollection, Record<string, 'pdf' | 'image'>>> = {
  papers: { pdf: 'pdf' },
  speakers: { photo: 'image' },
};

/** An uploaded photo as a speaker file names it: ./photos/<sha256>.<ext>. */
export const uploadedPhotoPath = /^\.\/photos\/([0-9a-f]{64})\.(jpg|png|webp)$/;
export const photoPathOf = (sha256: string, ext: string) => `./photos/${sha256}.${ext}`;

/** A file id: lowercase letters, digits and single hyphens (a page's id starts with its language: en/venue). */
const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isEntryId(collection: EditableCollection, id: string): boolean {
  if (id.length > 80) return false;
  if (collection === 'pages') {
    const [language, name, ...rest] = id.split('/');
    return rest.length === 0 && (language === 'en' || language === 'zh') && name !== undefined && slug.test(name);
  }
  return slug.test(id);
}

/** The file's path relative to the content folder, posix: 'papers/x.yaml', 'pages/en/venue.md'. */
export const entryPath = (collection: EditableCollection, id: string) => `${collection}/${id}${fileExtension(collection)}`;

/** The entry a content path names, or undefined for a path outside the editable collections. */
export function entryOfPath(path: string): { collection: EditableCollection; id: string } | undefined {
  const [collection, ...rest] = path.split('/');
  if (!isEditableCollection(collection)) return undefined;
  const ext = fileExtension(collection);
  const file = rest.join('/');
  if (!file.endsWith(ext)) return undefined;
  const id = file.slice(0, -ext.length);
  return isEntryId(collection, id) ? { collection, id } : undefined;
}
