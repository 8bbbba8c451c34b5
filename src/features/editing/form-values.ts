/**
 * Entry data ↔ the flat text values of an HTML form, per the form model. Names are dotted
 * paths: `title.en`, `authors.0.name.zh`, `chairs.1`, `languages.en` (a checkbox). Reading a
 * form back leaves out every empty optional field and every default the file did not spell out,
 * so an unchanged form gives back exactly the data it was filled from.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'yaml';
import type { FieldDescriptor } from './form-model.ts';

export type FormValues = Record<string, string>;
type Data = Record<string, unknown>;

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
const isRecord = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);
const asText = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

/** The form's values for an entry's data (an empty form for a new entry). */
export function toFormValues(fields: readonly FieldDescriptor[], data: Data, prefix = ''): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const name = prefix + field.key;
    const value = data[field.key];
    switch (field.kind) {
      case 'localized':
        if (isRecord(value)) for (const language of ['en', 'zh', 'zhHant']) values[`${name}.${language}`] = asText(value[language]);
        break;
      case 'localizedList':
        if (isRecord(value))
          for (const language of ['en', 'zh'])
            values[`${name}.${language}`] = Array.isArray(value[language]) ? value[language].join('\n') : '';
        break;
      case 'enumList':
        if (Array.isArray(value)) for (const option of value) values[`${name}.${String(option)}`] = 'on';
        break;
      case 'referenceList':
        if (Array.isArray(value)) value.forEach((id, i) => (values[`${name}.${i}`] = asText(id)));
        break;
      case 'textList':
        values[name] = Array.isArray(value) ? value.map(asText).join('\n') : '';
        break;
      case 'group':
        if (Array.isArray(value))
          value.forEach((row, i) => Object.assign(values, toFormValues(field.fields, isRecord(row) ? row : {}, `${name}.${i}.`)));
        break;
      case 'boolean':
        // an unchecked box is `false`: a missing value shows its default, or saving would change it
        values[name] = (value ?? field.defaultValue) === true ? 'true' : '';
        break;
      case 'yaml':
        values[name] = value === undefined ? '' : stringify(value, { collectionStyle: 'flow' }).trim();
        break;
      default:
        values[name] = asText(value);
    }
  }
  return values;
}

/** Rows of a repeatable group present in the values: indexes in order. */
export function groupRows(values: FormValues, name: string): number[] {
  const rows = new Set<number>();
  const pattern = new RegExp(`^${name.replace(/\./g, '\\.')}\\.(\\d+)\\.`);
  for (const key of Object.keys(values)) {
    const match = pattern.exec(key);
    if (match) rows.add(Number(match[1]));
  }
  return [...rows].sort((a, b) => a - b);
}

/** Items of a reference list present in the values: indexes in order. */
export function listItems(values: FormValues, name: string): number[] {
  const pattern = new RegExp(`^${name.replace(/\./g, '\\.')}\\.(\\d+)$`);
  return Object.keys(values)
    .map((key) => pattern.exec(key)?.[1])
    .filter((i): i is string => i !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * The entry data the form describes. `original` is the data the form was filled from: a
 * default it did not spell out stays out, and lists keep their order where nothing changed.
 * Text that is not a number where one is expected is kept as text, for the schema to refuse.
 */
export function fromFormValues(fields: readonly FieldDescriptor[], values: FormValues, original: Data = {}, prefix = ''): Data {
  const data: Data = {};
  for (const field of fields) {
    const name = prefix + field.key;
    const value = readField(field, values, name, original[field.key]);
    if (value === undefined) continue;
    if (field.defaultValue !== undefined && !(field.key in original) && isDeepStrictEqual(value, field.defaultValue)) continue;
    data[field.key] = value;
  }
  return data;
}

function readField(field: FieldDescriptor, values: FormValues, name: string, original: unknown): unknown {
  const raw = (values[name] ?? '').trim();
  switch (field.kind) {
    case 'localized': {
      const text: Data = {};
      for (const language of ['en', 'zh', 'zhHant']) {
        const v = (values[`${name}.${language}`] ?? '').trim();
        if (v) text[language] = v;
      }
      return Object.keys(text).length > 0 ? text : undefined;
    }
    case 'localizedList': {
      const list: Data = {};
      for (const language of ['en', 'zh']) {
        const items = lines(values[`${name}.${language}`] ?? '');
        if (items.length > 0 || (isRecord(original) && language in original)) list[language] = items;
      }
      return Object.keys(list).length > 0 || field.required ? list : undefined;
    }
    case 'enumList': {
      const checked = field.options.filter((option) => values[`${name}.${option}`] === 'on');
      const kept = Array.isArray(original) ? original.filter((o): o is string => checked.includes(o as string)) : [];
      const all = [...kept, ...checked.filter((o) => !kept.includes(o))];
      return all.length > 0 || original !== undefined || field.required ? all : undefined;
    }
    case 'referenceList': {
      const ids = listItems(values, name)
        .map((i) => (values[`${name}.${i}`] ?? '').trim())
        .filter(Boolean);
      return ids.length > 0 || original !== undefined ? ids : undefined;
    }
    case 'textList': {
      const items = lines(values[name] ?? '');
      return items.length > 0 || original !== undefined ? items : undefined;
    }
    case 'group': {
      const before = Array.isArray(original) ? original : [];
      const rows = groupRows(values, name)
        .filter((i) => values[`${name}.${i}._remove`] !== 'on')
        .map((i) => ({ i, row: fromFormValues(field.fields, values, isRecord(before[i]) ? before[i] : {}, `${name}.${i}.`) }))
        .filter(({ row }) => Object.keys(row).length > 0)
        .map(({ row }) => row);
      return rows.length > 0 || original !== undefined || field.required ? rows : undefined;
    }
    case 'boolean':
      return raw === 'true' || raw === 'on';
    case 'number':
      if (!raw) return undefined;
      return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    case 'yaml':
      if (!raw) return undefined;
      try {
        return parse(raw) as unknown;
      } catch {
        return raw;
      }
    default:
      return raw || undefined;
  }
}
