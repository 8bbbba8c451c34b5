/**
 * The editing form of a collection, read from its Zod schema (the same one the build checks
 * the content with): each field becomes a descriptor the pages render and the form values are
 * read back with. Nothing here is written per collection, except which texts are long.
 */
import type { $ZodType } from 'zod/v4/core';
import { globalRegistry } from 'zod/v4/core';

export type FieldKind =
  | { kind: 'text'; input: 'text' | 'date' | 'time'; multiline: boolean; pattern?: string | undefined }
  | { kind: 'number'; integer: boolean; min?: number | undefined; max?: number | undefined }
  | { kind: 'boolean' }
  | { kind: 'enum'; options: string[] }
  /** several of a few values, e.g. languages: one checkbox each */
  | { kind: 'enumList'; options: string[] }
  /** `{ en, zh }` (and the optional zhHant correction): inputs side by side */
  | { kind: 'localized'; multiline: boolean }
  /** `{ en: [...], zh: [...] }`: one item per line, per language */
  | { kind: 'localizedList' }
  /** the id of an entry of another collection */
  | { kind: 'reference'; collection: string }
  | { kind: 'referenceList'; collection: string }
  /** short texts, one per line */
  | { kind: 'textList' }
  /** repeatable groups of fields, e.g. a paper's authors */
  | { kind: 'group'; fields: FieldDescriptor[]; min: number }
  /** a site path to an uploaded file */
  | { kind: 'file'; accept: 'pdf' | 'image' }
  /** anything else (unions): edited as YAML text */
  | { kind: 'yaml' };

export type FieldDescriptor = FieldKind & {
  key: string;
  /** must be given (not optional, no default) */
  required: boolean;
  /** the schema's .describe() text: the help under the field (English) */
  help: string | undefined;
  /** the value the schema uses when the field is left out */
  defaultValue?: unknown;
};

interface Def {
  type: string;
  shape?: Record<string, $ZodType>;
  innerType?: $ZodType;
  element?: $ZodType;
  options?: $ZodType[];
  entries?: Record<string, string>;
  in?: $ZodType;
  out?: $ZodType;
  defaultValue?: unknown;
}

const defOf = (schema: $ZodType) => schema._zod.def as unknown as Def;
const bagOf = (schema: $ZodType) => schema._zod.bag as { minimum?: number; maximum?: number; format?: string; patterns?: Set<RegExp> };
const wrappers = new Set(['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch']);

/** Texts long enough for a text area (by field name; the schemas do not say). */
const longTexts = new Set(['abstract', 'summary', 'bio', 'description']);

/** Options for the few fields the schema cannot describe alone. */
export interface FormModelOptions {
  /** fields holding an uploaded file's site path */
  files?: Record<string, 'pdf' | 'image'>;
}

/** The field descriptors of an object schema (a collection's), in schema order. */
export function formModel(schema: $ZodType, options: FormModelOptions = {}): FieldDescriptor[] {
  const def = defOf(schema);
  if (def.type !== 'object' || !def.shape) throw new Error('a collection schema is an object');
  return Object.entries(def.shape).map(([key, field]) => describeField(key, field, options));
}

function describeField(key: string, schema: $ZodType, options: FormModelOptions): FieldDescriptor {
  let help: string | undefined;
  let required = true;
  let defaultValue: unknown;
  let inner = schema;
  for (;;) {
    help ??= globalRegistry.get(inner)?.description;
    const def = defOf(inner);
    if (!wrappers.has(def.type) || !def.innerType) break;
    if (def.type === 'optional') required = false;
    if (def.type === 'default') {
      required = false;
      defaultValue = def.defaultValue;
    }
    inner = def.innerType;
  }
  const base = { key, required, help, ...(defaultValue === undefined ? {} : { defaultValue }) };
  const file = options.files?.[key];
  if (file) return { ...base, kind: 'file', accept: file };
  return { ...base, ...kindOf(key, inner) };
}

function kindOf(key: string, schema: $ZodType): FieldKind {
  const def = defOf(schema);
  const reference = referenceTarget(schema);
  if (reference) return { kind: 'reference', collection: reference };
  switch (def.type) {
    case 'string':
      return { kind: 'text', input: textInput(schema), multiline: longTexts.has(key), pattern: patternOf(schema) };
    case 'number': {
      const bag = bagOf(schema);
      return {
        kind: 'number',
        integer: bag.format === 'safeint',
        min: Number.isFinite(bag.minimum) ? bag.minimum : undefined,
        max: Number.isFinite(bag.maximum) ? bag.maximum : undefined,
      };
    }
    case 'boolean':
      return { kind: 'boolean' };
    case 'enum':
      return { kind: 'enum', options: Object.values(def.entries ?? {}) };
    case 'object': {
      const keys = Object.keys(def.shape ?? {});
      if (keys.includes('en') && keys.includes('zh')) {
        const en = unwrap(def.shape!.en);
        return defOf(en).type === 'array' ? { kind: 'localizedList' } : { kind: 'localized', multiline: longTexts.has(key) };
      }
      return { kind: 'yaml' };
    }
    case 'array': {
      const element = unwrap(def.element!);
      const min = bagOf(schema).minimum ?? 0;
      const target = referenceTarget(element);
      if (target) return { kind: 'referenceList', collection: target };
      const elementDef = defOf(element);
      if (elementDef.type === 'enum') return { kind: 'enumList', options: Object.values(elementDef.entries ?? {}) };
      if (elementDef.type === 'string') return { kind: 'textList' };
      if (elementDef.type === 'object') return { kind: 'group', fields: formModel(element, {}), min };
      return { kind: 'yaml' };
    }
    default:
      return { kind: 'yaml' };
  }
}

function unwrap(schema: $ZodType): $ZodType {
  const def = defOf(schema);
  return wrappers.has(def.type) && def.innerType ? unwrap(def.innerType) : schema;
}

/** Dates and clock times get the browser's own pickers (they submit YYYY-MM-DD and HH:MM). */
function textInput(schema: $ZodType): 'text' | 'date' | 'time' {
  const accepts = (value: string) => schema['~standard'].validate(value) as { issues?: unknown[] };
  if (accepts('x').issues === undefined) return 'text';
  if (accepts('2024-12-19').issues === undefined) return 'date';
  if (accepts('09:30').issues === undefined) return 'time';
  return 'text';
}

function patternOf(schema: $ZodType): string | undefined {
  const [pattern] = bagOf(schema).patterns ?? [];
  return pattern?.source.replace(/^\^/, '').replace(/\$$/, '');
}

/**
 * The collection an Astro `reference('x')` points to, or undefined. reference() hides its
 * collection in a closure; it names it when handed an entry of another collection
 * ("… Expected x. …"), so it is asked that way.
 */
export function referenceTarget(schema: $ZodType): string | undefined {
  const def = defOf(schema);
  if (def.type !== 'pipe' || !def.out || defOf(def.out).type !== 'transform' || !def.in) return undefined;
  const input = defOf(def.in);
  if (input.type !== 'union') return undefined;
  const answer = schema['~standard'].validate({ id: 'x', collection: '\u0000' }) as { issues?: { message: string }[] };
  if (answer instanceof Promise) return undefined;
  const match = answer.issues?.map((i) => /Expected ([\w-]+)\./.exec(i.message)).find(Boolean);
  return match?.[1];
}
