/**
 * The live collections' loader for previews (src/live.config.ts): an entry as it will be
 * published, the content folder with the drafts laid over it, read on every request and
 * checked with the collection's schema. The server modules are imported when a request needs
 * them: `astro sync` evaluates the live config without the content runtime the schemas use.
 */
import type { LiveLoader } from 'astro/loaders';
import type { $ZodType } from 'zod/v4/core';
import { entryText, listEntries } from '../features/editing/entries.service.ts';
import { fileExtension, type EditableCollection } from '../features/editing/collections.ts';
import { readContentFile } from '../features/editing/content-file.ts';

type Data = Record<string, unknown>;

async function loaded(collection: EditableCollection) {
  const [{ editingDeps }, { editingSchemas }] = await Promise.all([import('./editing.ts'), import('../site/editing-schemas.ts')]);
  return { deps: await editingDeps(), schema: editingSchemas[collection] };
}

/** The entry's data parsed by the schema (references become `{ id, collection }`); a Markdown page also has `body`. */
function parsed(schema: $ZodType, text: string, markdown: boolean): { data: Data } | { error: Error } {
  const file = readContentFile(text, markdown);
  const result = schema['~standard'].validate(file.data);
  if (result instanceof Promise) return { error: new Error('asynchronous schema') };
  if (result.issues) return { error: new Error(result.issues.map((i) => i.message).join('; ')) };
  const data = result.value as Data;
  return { data: markdown ? { ...data, body: file.body ?? '' } : data };
}

export function draftLoader(collection: EditableCollection): LiveLoader<Data, { id: string }> {
  const markdown = fileExtension(collection) === '.md';
  return {
    name: `draft-${collection}`,
    loadEntry: async ({ filter }) => {
      const { deps, schema } = await loaded(collection);
      const entry = await entryText(deps, collection, filter.id);
      if (entry.text === undefined) return undefined;
      try {
        const result = parsed(schema, entry.text, markdown);
        return 'error' in result ? result : { id: entry.id, data: result.data };
      } catch (error) {
        return { error: error instanceof Error ? error : new Error(String(error)) };
      }
    },
    loadCollection: async () => {
      const { deps, schema } = await loaded(collection);
      const entries = await listEntries(deps, collection);
      const valid: { id: string; data: Data }[] = [];
      for (const e of entries) {
        if (e.text === undefined || e.state === 'deleted') continue;
        try {
          const result = parsed(schema, e.text, markdown);
          if ('data' in result) valid.push({ id: e.id, data: result.data });
        } catch {
          // an unreadable draft is left out of lists; its own preview names the problem
        }
      }
      return { entries: valid };
    },
  };
}
