/**
 * An entry as it will be published (the content folder with the drafts laid over it), checked
 * with its collection's schema: what the preview's live collections return (src/server/draft-loader.ts).
 * A Markdown page comes with its body rendered by the build's own Markdown pipeline.
 */
import type { $ZodType } from 'zod/v4/core';
import { renderMarkdown, type RenderedMarkdown } from '../../lib/markdown.ts';
import { fileExtension, type EditableCollection } from './collections.ts';
import { readContentFile } from './content-file.ts';
import type { EditingDeps } from './draft.service.ts';
import { entryText, listEntries } from './entries.service.ts';

type Data = Record<string, unknown>;

export interface DraftEntry {
  id: string;
  /** the schema's output (references are `{ id, collection }`); a Markdown page also has `body` */
  data: Data;
  /** a Markdown page's body as HTML, in the shape Astro's render() reads */
  rendered?: { html: string; metadata: { headings: RenderedMarkdown['headings'] } };
}

const isMarkdown = (collection: EditableCollection) => fileExtension(collection) === '.md';

/** The entry's data parsed by the schema; a YAML or schema problem is an error naming it. */
function parsed(schema: $ZodType, text: string, markdown: boolean): { data: Data } | { error: Error } {
  try {
    const file = readContentFile(text, markdown);
    const result = schema['~standard'].validate(file.data);
    if (result instanceof Promise) return { error: new Error('asynchronous schema') };
    if (result.issues) return { error: new Error(result.issues.map((i) => i.message).join('; ')) };
    const data = result.value as Data;
    return { data: markdown ? { ...data, body: file.body ?? '' } : data };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** One entry, undefined when it does not exist or is to be deleted. */
export async function draftEntry(
  deps: EditingDeps,
  collection: EditableCollection,
  id: string,
  schema: $ZodType,
): Promise<DraftEntry | { error: Error } | undefined> {
  const entry = await entryText(deps, collection, id);
  if (entry.text === undefined) return undefined;
  const result = parsed(schema, entry.text, isMarkdown(collection));
  if ('error' in result) return result;
  if (!isMarkdown(collection)) return { id: entry.id, data: result.data };
  const { body, ...frontmatter } = result.data;
  const { html, headings } = await renderMarkdown(typeof body === 'string' ? body : '', frontmatter);
  return { id: entry.id, data: result.data, rendered: { html, metadata: { headings } } };
}

/** Every valid entry, unrendered (lists need the data only); an unreadable draft is left out, its own preview names the problem. */
export async function draftEntries(deps: EditingDeps, collection: EditableCollection, schema: $ZodType): Promise<DraftEntry[]> {
  const entries = await listEntries(deps, collection);
  const valid: DraftEntry[] = [];
  for (const e of entries) {
    if (e.text === undefined || e.state === 'deleted') continue;
    const result = parsed(schema, e.text, isMarkdown(collection));
    if ('data' in result) valid.push({ id: e.id, data: result.data });
  }
  return valid;
}
