/**
 * An entry checked as the build will check it: the collection's Zod schema, then every
 * reference to another entry. Errors are per form field (a dotted path like `authors.0.name`)
 * as message keys of the editing catalogue, so they show in the editor's language.
 */
import type { $ZodIssue, $ZodType } from 'zod/v4/core';
import type { FieldDescriptor } from './form-model.ts';

/** form field path → message key */
export type FieldErrors = Record<string, string>;

const customMessages: Record<string, string> = {
  'give the text in at least one language (en or zh)': 'editing.error.oneLanguage',
  'end must be after start': 'editing.error.endAfterStart',
  'not a real calendar date': 'editing.error.date',
  'file not found under public/': 'editing.error.file',
  'a paper needs at least one author': 'editing.error.required',
};

function messageOf(issue: $ZodIssue, data: Record<string, unknown>): string {
  const given = issue.path.reduce<unknown>(
    (value, key) => (typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined),
    data,
  );
  const known = customMessages[issue.message];
  if (known) return known;
  switch (issue.code) {
    case 'invalid_type':
      return given === undefined
        ? 'editing.error.required'
        : issue.expected === 'number'
          ? 'editing.error.number'
          : 'editing.error.invalid';
    case 'too_small':
      return issue.origin === 'number' ? 'editing.error.range' : 'editing.error.required';
    case 'too_big':
      return issue.origin === 'number' ? 'editing.error.range' : 'editing.error.tooLong';
    case 'invalid_format':
      return 'editing.error.format';
    case 'invalid_value':
      return 'editing.error.choice';
    case 'unrecognized_keys':
      return 'editing.error.unknownField';
    default:
      return 'editing.error.invalid';
  }
}

/** The Zod issues as form errors, first per field. */
export function schemaErrors(schema: $ZodType, data: Record<string, unknown>): FieldErrors {
  const result = schema['~standard'].validate(data);
  if (result instanceof Promise) throw new Error('content schemas are synchronous');
  const errors: FieldErrors = {};
  for (const issue of result.issues ?? []) {
    const zodIssue = issue as unknown as $ZodIssue;
    const path = zodIssue.path.map(String).join('.');
    errors[path || '_'] ??= messageOf(zodIssue, data);
  }
  return errors;
}

/** References to entries that do not exist (`entryIds(collection)` lists those that do). */
export function referenceErrors(
  fields: readonly FieldDescriptor[],
  data: Record<string, unknown>,
  entryIds: (collection: string) => ReadonlySet<string>,
  prefix = '',
): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of fields) {
    const value = data[field.key];
    const path = prefix + field.key;
    if (field.kind === 'reference' && typeof value === 'string' && !entryIds(field.collection).has(value)) {
      errors[path] = 'editing.error.unknownReference';
    } else if (field.kind === 'referenceList' && Array.isArray(value)) {
      value.forEach((id, i) => {
        if (typeof id === 'string' && !entryIds(field.collection).has(id)) errors[`${path}.${i}`] = 'editing.error.unknownReference';
      });
    } else if (field.kind === 'group' && Array.isArray(value)) {
      value.forEach((row, i) => {
        if (typeof row === 'object' && row !== null)
          Object.assign(errors, referenceErrors(field.fields, row as Record<string, unknown>, entryIds, `${path}.${i}.`));
      });
    }
  }
  return errors;
}
