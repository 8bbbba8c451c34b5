/**
 * The live collections' loader for previews (src/live.config.ts): an entry as it will be
 * published, the content folder with the drafts laid over it, read on every request and
 * checked with the collection's schema (features/editing/draft-entry.service.ts). A prose page
 * comes with its Markdown rendered, so `render(entry)` gives its content as the build would.
 * The server modules are imported when a request needs them: `astro sync` evaluates the live
 * config without the content runtime the schemas use.
 */
import type { LiveLoader } from 'astro/loaders';
import type { EditableCollection } from '../features/editing/collections.ts';
import { draftEntries, draftEntry } from '../features/editing/draft-entry.service.ts';

type Data = Record<string, unknown>;

async function loaded(collection: EditableCollection) {
  const [{ editingDeps }, { editingSchemas }] = await Promise.all([import('./editing.ts'), import('../site/editing-schemas.ts')]);
  return { deps: await editingDeps(), schema: editingSchemas[collection] };
}

export function draftLoader(collection: EditableCollection): LiveLoader<Data, { id: string }> {
  return {
    name: `draft-${collection}`,
    loadEntry: async ({ filter }) => {
      const { deps, schema } = await loaded(collection);
      return draftEntry(deps, collection, filter.id, schema);
    },
    loadCollection: async () => {
      const { deps, schema } = await loaded(collection);
      return { entries: await draftEntries(deps, collection, schema) };
    },
  };
}
