/**
 * Building blocks shared by the content schemas. Text that people read is bilingual:
 * `{ en, zh }`, at least one of the two (a missing language falls back visibly to the other).
 */
import { z } from 'astro/zod';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const text = z.string().trim().min(1);

/** Text in English and Simplified Chinese; one of the two may be missing. */
export const localized = z
  .object({
    en: text.optional().describe('English text'),
    zh: text.optional().describe('Simplified Chinese text'),
    zhHant: text
      .optional()
      .describe('Traditional Chinese text (default: converted from zh; give it only to correct the conversion)'),
  })
  .strict()
  .refine((v) => v.en !== undefined || v.zh !== undefined, {
    message: 'give the text in at least one language (en or zh)',
  });

/** Lists of short texts per language, e.g. keywords. */
export const localizedList = z
  .object({
    en: z.array(text).default([]).describe('English items (default: none)'),
    zh: z.array(text).default([]).describe('Simplified Chinese items (default: none)'),
  })
  .strict();

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date like 2024-12-19')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a real calendar date');

export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use a 24-hour time like 09:30');

export const language = z.enum(['en', 'zh']);

/** Marks an entry whose facts are not known yet: shown with a "sample content" label. */
export const sample = z
  .boolean()
  .default(false)
  .describe('true when the entry is a placeholder, not a confirmed fact; shown with a "sample content" label (default: false)');

/** An uploaded file (stored by its SHA-256 in the database, served at /files/<sha256>.<ext>, never under public/). */
export const uploadedFilePath = /^\/files\/[0-9a-f]{64}\.(pdf|jpg|png|webp)$/;

/**
 * A file that must exist under public/, given as a site path like /papers/x.pdf, or a file
 * uploaded in the organizer workspace: /files/<sha256>.pdf.
 */
export const publicFile = z
  .string()
  .startsWith('/', 'give a site path starting with / (the file lives under public/)')
  .refine((p) => uploadedFilePath.test(p) || (!p.includes('..') && existsSync(join(process.cwd(), 'public', p))), {
    message: 'file not found under public/',
  });

/** The edition a session or paper belongs to: an event file's id. */
export const editionRef = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'the id of an event file, e.g. beijing-2024')
    .optional()
    .describe(
      `Edition of this ${what}: the event file's id, e.g. beijing-2024 for content/event/beijing-2024.yaml (optional while there is one event file; required when there are several)`,
    );
