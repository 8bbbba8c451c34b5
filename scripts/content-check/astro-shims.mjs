// Stand-ins for the Astro modules content.config.ts imports, so the real schemas can be
// run outside a build. reference() yields a Ref that the checker resolves afterwards.
import { z } from 'astro/zod';

export class Ref {
  constructor(collection, id) {
    this.collection = collection;
    this.id = id;
  }
}

export const defineCollection = (config) => config;

export const reference = (collection) => z.string().transform((id) => new Ref(collection, id));

/** glob() only records where the files are; the checker reads them itself. */
export const glob = (options) => ({ kind: 'glob', ...options });
