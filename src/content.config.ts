/**
 * Every content collection of the forum, in one place. Organizers publish by adding a file
 * under `content/`; `npm run content:check` validates it and names the file and field of
 * any error. Each field's meaning, format and default is in its `.describe()` text in
 * src/content/schemas/.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { join } from 'node:path';
import { eventSchema } from './content/schemas/event.ts';
import { paperSchema, publicationSchema } from './content/schemas/papers.ts';
import { pageSchema } from './content/schemas/pages.ts';
import { sessionSchema, speakerSchema } from './content/schemas/program.ts';
import { ticketSchema, visitSlotSchema } from './content/schemas/bookings.ts';

/** Where the forum's content lives: another forum points CONTENT_DIR at its own folder. */
const contentDir = process.env.CONTENT_DIR ?? './content';
const from = (folder: string) => join(contentDir, folder);

const event = defineCollection({ loader: glob({ pattern: '*.yaml', base: from('event') }), schema: eventSchema });
const speakers = defineCollection({ loader: glob({ pattern: '*.yaml', base: from('speakers') }), schema: speakerSchema });
const sessions = defineCollection({ loader: glob({ pattern: '*.yaml', base: from('sessions') }), schema: sessionSchema });
const publications = defineCollection({ loader: glob({ pattern: '*.yaml', base: from('publications') }), schema: publicationSchema });
const papers = defineCollection({ loader: glob({ pattern: '*.yaml', base: from('papers') }), schema: paperSchema });
/** Ticket types: the file name is the ticket id. */
const tickets = defineCollection({ loader: glob({ pattern: '*.yaml', base: from('tickets') }), schema: ticketSchema });
/** Visit slots of the 12345 service center: the file name is the slot id. */
const visits = defineCollection({ loader: glob({ pattern: '*.yaml', base: from('visits') }), schema: visitSlotSchema });
/** Prose pages, one Markdown file per language: content/pages/en/venue.md, content/pages/zh/venue.md. */
const pages = defineCollection({ loader: glob({ pattern: '**/*.md', base: from('pages') }), schema: pageSchema });

export const collections = { event, speakers, sessions, publications, papers, pages, tickets, visits };
