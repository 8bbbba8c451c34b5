/**
 * Every content collection of the forum, in one place. Organizers publish by adding a file
 * under `content/`; `npm run content:check` validates it and names the file and field of
 * any error. Text that people read is bilingual: `{ en, zh }`, at least one of the two
 * (a missing language falls back visibly to the other).
 */
import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where the forum's content lives: another forum points CONTENT_DIR at its own folder. */
const contentDir = process.env.CONTENT_DIR ?? './content';
const from = (folder: string) => join(contentDir, folder);

const text = z.string().trim().min(1);

/** Text in English and Simplified Chinese; one of the two may be missing. */
const localized = z
  .object({
    en: text.optional().describe('English text'),
    zh: text.optional().describe('Simplified Chinese text'),
  })
  .strict()
  .refine((v) => v.en !== undefined || v.zh !== undefined, {
    message: 'give the text in at least one language (en or zh)',
  });

const localizedList = z
  .object({
    en: z.array(text).default([]).describe('English items'),
    zh: z.array(text).default([]).describe('Simplified Chinese items'),
  })
  .strict();

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date like 2024-12-19')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a real calendar date');

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use a 24-hour time like 09:30');

const language = z.enum(['en', 'zh']);

/** Marks an entry whose facts are not known yet: shown with a "sample content" label. */
const sample = z.boolean().default(false).describe('true when the entry is a placeholder, not a confirmed fact');

/** A file that must exist under public/, given as a site path like /papers/x.pdf. */
const publicFile = z
  .string()
  .startsWith('/', 'give a site path starting with / (the file lives under public/)')
  .refine((p) => !p.includes('..') && existsSync(join(process.cwd(), 'public', p)), {
    message: 'file not found under public/',
  });

const event = defineCollection({
  loader: glob({ pattern: '*.yaml', base: from('event') }),
  schema: z
    .object({
      name: localized.describe('Full name of the forum'),
      shortName: localized.describe('Short name for headers and tabs'),
      acronym: z
        .string()
        .regex(/^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$/, 'lowercase letters, digits and _ (frab acronym)')
        .describe('Machine name used in schedule exports'),
      edition: localized.describe('Edition, e.g. "2024"'),
      theme: localized.describe('Theme of this edition'),
      summary: localized.describe('One-paragraph description for the home page and search engines'),
      startDate: isoDate.describe('First day, in the event timezone'),
      endDate: isoDate.describe('Last day, in the event timezone'),
      datesAreSample: z.boolean().default(false).describe('true while the dates are not confirmed'),
      timezone: z
        .string()
        .refine((tz) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        }, 'not an IANA timezone such as Asia/Shanghai')
        .describe('IANA timezone every time is shown in'),
      city: localized,
      venue: z.object({ name: localized, address: localized, sample }).strict(),
      organizers: z
        .array(
          z
            .object({
              name: localized,
              role: z.enum(['host', 'co-host', 'organizer', 'sponsor', 'partner']).describe('How the body is involved'),
              url: z.url().optional(),
            })
            .strict(),
        )
        .default([]),
      figures: z
        .array(z.object({ value: text.describe('Figure as shown, e.g. "700+"'), label: localized }).strict())
        .default([])
        .describe('Key figures shown on the home page'),
      registrationUrl: z.string().optional().describe('Where "Register" points; a site path or URL (default: the registration form)'),
      registration: z
        .object({
          opens: z.iso.datetime({ offset: true }).optional().describe('Registration opens (ISO date-time with offset)'),
          closes: z.iso.datetime({ offset: true }).optional().describe('Registration closes (ISO date-time with offset)'),
          currency: z
            .string()
            .regex(/^[A-Z]{3}$/)
            .default('CNY')
            .describe('Currency of all ticket prices'),
          categories: z
            .array(
              z
                .object({
                  id: z.string().regex(/^[a-z0-9-]+$/),
                  label: localized,
                  invitationLetter: z.boolean().default(false).describe('Guests of this category may ask for an invitation letter'),
                })
                .strict(),
            )
            .min(1)
            .describe('Attendee categories, e.g. mainland, Hong Kong/Macao/Taiwan, international'),
          privacyPage: z.string().optional().describe('Slug of the prose page with the privacy notice'),
        })
        .strict()
        .optional(),
      visits: z
        .object({
          maxPartySize: z.number().int().min(1).max(20).default(5).describe('Most visitors one booking may bring'),
          requiresIdDocument: z.boolean().default(false).describe('The center asks for an identity document per visitor'),
          idDocumentTypes: z
            .array(z.enum(['passport', 'resident-id', 'hk-macao-permit', 'taiwan-permit', 'other']))
            .default(['passport', 'resident-id'])
            .describe('Documents accepted at the door'),
          purgeDaysAfterVisit: z
            .number()
            .int()
            .min(0)
            .max(365)
            .default(7)
            .describe('Document numbers are deleted this many days after the visit'),
          meetingPoint: localized,
          bring: localized.describe('What visitors bring'),
          accessibility: localized.describe('Access notes (steps, lifts, seating)'),
        })
        .strict()
        .optional(),
      sample,
    })
    .strict()
    .refine((e) => e.endDate >= e.startDate, { message: 'endDate is before startDate', path: ['endDate'] }),
});

const speakers = defineCollection({
  loader: glob({ pattern: '*.yaml', base: from('speakers') }),
  schema: z
    .object({
      name: localized.describe('Name as printed in the program'),
      affiliation: localized.describe('University, institution or organization'),
      position: localized.optional().describe('Title or role at the affiliation'),
      country: localized.optional().describe('Country or region'),
      bio: localized.optional().describe('Short biography'),
      sample,
    })
    .strict(),
});

const agendaItem = z
  .object({
    start: clockTime,
    end: clockTime,
    kind: z
      .enum(['opening', 'keynote', 'talk', 'panel', 'release', 'discussion', 'closing', 'break'])
      .default('talk')
      .describe('What happens in this slot'),
    title: localized,
    speakers: z.array(reference('speakers')).default([]),
    paper: reference('papers').optional().describe('Paper presented in this slot'),
  })
  .strict()
  .refine((i) => i.end > i.start, { message: 'end must be after start', path: ['end'] });

const sessions = defineCollection({
  loader: glob({ pattern: '*.yaml', base: from('sessions') }),
  schema: z
    .object({
      code: z
        .string()
        .regex(/^[A-Z0-9-]{1,8}$/, 'short code like P1')
        .describe('Short code shown in the program'),
      kind: z.enum(['main', 'parallel', 'visit', 'social']).describe('main forum, parallel session, visit or social'),
      title: localized,
      summary: localized.describe('What the session is about'),
      day: z.number().int().min(1).describe('Day of the forum: 1 is the event startDate'),
      start: clockTime.describe('Start, in the event timezone'),
      end: clockTime.describe('End, in the event timezone'),
      room: localized.describe('Room or place'),
      capacity: z.number().int().positive().describe('Seats'),
      languages: z.array(language).min(1).describe('Languages spoken on stage'),
      interpretation: z
        .array(
          z
            .object({
              language,
              channel: z.number().int().min(0).max(99).describe('Receiver channel'),
            })
            .strict(),
        )
        .default([])
        .describe('Simultaneous interpretation channels'),
      chairs: z.array(reference('speakers')).default([]),
      agenda: z.array(agendaItem).default([]),
      sample,
    })
    .strict()
    .refine((s) => s.end > s.start, { message: 'end must be after start', path: ['end'] }),
});

const publications = defineCollection({
  loader: glob({ pattern: '*.yaml', base: from('publications') }),
  schema: z
    .object({
      title: localized,
      description: localized,
      kind: z.enum(['compilation', 'cases', 'report', 'proceedings']),
      year: z.number().int().min(1900).max(2100),
      publisher: localized.optional(),
      order: z.number().int().default(0).describe('Position in lists'),
      sample,
    })
    .strict(),
});

const papers = defineCollection({
  loader: glob({ pattern: '*.yaml', base: from('papers') }),
  schema: z
    .object({
      title: localized,
      authors: z.array(z.object({ name: localized, affiliation: localized }).strict()).min(1, 'a paper needs at least one author'),
      abstract: localized,
      keywords: localizedList,
      collection: reference('publications'),
      year: z.number().int().min(1900).max(2100),
      language: language.describe('Language the paper is written in'),
      pdf: publicFile.describe('Full text, a file under public/'),
      pages: z
        .string()
        .regex(/^\d+(-\d+)?$/)
        .optional()
        .describe('Page range in the collection, e.g. 12-30'),
      doi: z
        .string()
        .regex(/^10\.\d{4,9}\/\S+$/, 'a DOI like 10.1234/abc')
        .optional(),
      session: reference('sessions').optional().describe('Session where it is presented'),
      published: isoDate.optional().describe('Publication date'),
      sample,
    })
    .strict(),
});

/** Ticket types: the file name is the ticket id. Invitation codes are stored only as SHA-256 hashes. */
const tickets = defineCollection({
  loader: glob({ pattern: '*.yaml', base: from('tickets') }),
  schema: z
    .object({
      name: localized,
      description: localized,
      price: z.number().min(0).describe('Price in the event currency (0 = free), e.g. 1200 or 99.5'),
      categories: z.array(z.string()).default([]).describe('Attendee category ids allowed to buy it; empty = all'),
      invitationCodeHashes: z
        .array(z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest'))
        .default([])
        .describe('SHA-256 of each accepted invitation code; non-empty = a code is required'),
      requiresApproval: z.boolean().default(false).describe('An organizer approves each registration (e.g. media)'),
      sessionChoice: z.boolean().default(true).describe('The attendee chooses one parallel session'),
      order: z.number().int().default(0),
      sample,
    })
    .strict(),
});

/** Visit slots of the 12345 service center: the file name is the slot id. */
const visits = defineCollection({
  loader: glob({ pattern: '*.yaml', base: from('visits') }),
  schema: z
    .object({
      date: isoDate.describe('Day of the visit, in the event timezone'),
      start: clockTime.describe('Start, in the event timezone'),
      durationMinutes: z.number().int().min(15).max(480),
      capacity: z.number().int().positive().describe('Visitors the slot can take'),
      languages: z.array(language).min(1).describe('Guide languages offered'),
      bookingOpens: z.iso.datetime({ offset: true }).optional(),
      bookingCloses: z.iso.datetime({ offset: true }).optional(),
      cancelled: z.boolean().default(false).describe('Cancel the slot: its bookings are cancelled and the visitors emailed'),
      note: localized.optional(),
      sample,
    })
    .strict(),
});

/** Prose pages, one Markdown file per language: content/pages/en/venue.md, content/pages/zh/venue.md. */
const pages = defineCollection({
  loader: glob({ pattern: '**/*.md', base: from('pages') }),
  schema: z
    .object({
      title: text,
      description: text.describe('One sentence for search engines and link previews'),
      nav: z.number().int().optional().describe('Position in the site menu; omit to keep it out of the menu'),
      sample,
    })
    .strict(),
});

export const collections = { event, speakers, sessions, publications, papers, pages, tickets, visits };
