/**
 * Live collections for the organizers' preview: each entry as it will be once the drafts are
 * published (content folder + drafts), checked by the loader with the same schemas as
 * src/content.config.ts. Read on demand by the preview pages only; public pages stay prerendered.
 */
import { defineLiveCollection } from 'astro:content';
import { draftLoader } from './server/draft-loader.ts';

const draftPapers = defineLiveCollection({ loader: draftLoader('papers') });
const draftPublications = defineLiveCollection({ loader: draftLoader('publications') });
const draftSessions = defineLiveCollection({ loader: draftLoader('sessions') });
const draftSpeakers = defineLiveCollection({ loader: draftLoader('speakers') });
const draftPages = defineLiveCollection({ loader: draftLoader('pages') });

export const collections = { draftPapers, draftPublications, draftSessions, draftSpeakers, draftPages };
