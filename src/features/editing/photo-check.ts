/**
 * A photo field names a file relative to the entry's file (./photos/x.jpg): it must be in the
 * published content folder, or be an uploaded photo (./photos/<sha256>.<ext>) a publish will put
 * there. The build would fail on any other path; the form says so per field instead.
 */
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { entryPath, uploadedPhotoPath, type EditableCollection } from './collections.ts';
import type { EditingDeps } from './draft.service.ts';
import { hasUpload, imageTypeOfName } from './upload.service.ts';
import { isSafeContentPath } from './published.ts';
import type { FieldErrors } from './validate.ts';

export async function photoErrors(
  deps: EditingDeps,
  input: { collection: EditableCollection; id: string; fields: readonly string[]; data: Record<string, unknown> },
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  for (const field of input.fields) {
    const value = input.data[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !(await photoExists(deps, input.collection, input.id, value))) errors[field] = 'editing.error.photo';
  }
  return errors;
}

async function photoExists(deps: EditingDeps, collection: EditableCollection, id: string, value: string): Promise<boolean> {
  const type = imageTypeOfName(value);
  if (!value.startsWith('./') || !type) return false;
  const path = posix.join(posix.dirname(entryPath(collection, id)), value);
  if (!isSafeContentPath(path)) return false;
  if (existsSync(join(deps.contentDir, ...path.split('/')))) return true;
  const upload = uploadedPhotoPath.exec(value);
  return upload !== null && (await hasUpload(deps.db, upload[1] ?? '', type));
}
