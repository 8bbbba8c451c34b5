/** Publications (content/publications/*.yaml) and the papers in them (content/papers/*.yaml). */
import { reference } from 'astro:content';
import { z } from 'astro/zod';
import { editionRef, isoDate, language, localized, localizedList, publicFile, sample } from './common.ts';

const year = z.number().int().min(1900).max(2100);

export const publicationSchema = z
  .object({
    title: localized.describe('Title of the publication'),
    description: localized.describe('What the publication contains'),
    kind: z.enum(['compilation', 'cases', 'report', 'proceedings']).describe('compilation, cases, report or proceedings'),
    year: year.describe('Year of publication, e.g. 2024'),
    publisher: localized.optional().describe('Publisher (optional)'),
    order: z.number().int().default(0).describe('Position in lists, smallest first (default: 0)'),
    sample,
  })
  .strict();

const author = z
  .object({
    name: localized.describe('Name of the author'),
    affiliation: localized.describe('University, institution or organization of the author'),
  })
  .strict();

export const paperSchema = z
  .object({
    title: localized.describe('Title of the paper'),
    authors: z.array(author).min(1, 'a paper needs at least one author').describe('Authors in citation order, at least one'),
    abstract: localized.describe('Abstract'),
    keywords: localizedList.describe('Keywords per language, used for the paper facets'),
    collection: reference('publications').describe('Publication the paper appears in: its id, the file name under content/publications/'),
    year: year.describe('Year of publication, e.g. 2024'),
    language: language.describe('Language the paper is written in: en or zh'),
    pdf: publicFile.describe('Full text: a PDF uploaded in the organizer workspace (/files/<sha256>.pdf) or a site path of a file under public/, e.g. /papers/x.pdf'),
    pages: z
      .string()
      .regex(/^\d+(-\d+)?$/)
      .optional()
      .describe('Page range in the collection, e.g. 12-30 (optional)'),
    doi: z
      .string()
      .regex(/^10\.\d{4,9}\/\S+$/, 'a DOI like 10.1234/abc')
      .optional()
      .describe('DOI without https://doi.org/, e.g. 10.1234/abc (optional)'),
    session: reference('sessions').optional().describe('Session where it is presented: its id, the file name under content/sessions/ (optional)'),
    published: isoDate.optional().describe('Publication date, YYYY-MM-DD in quotes, e.g. "2024-12-19" (optional)'),
    edition: editionRef('paper'),
    sample,
  })
  .strict();
