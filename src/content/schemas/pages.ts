/** Prose pages, one Markdown file per language: content/pages/en/venue.md, content/pages/zh/venue.md. */
import { z } from 'astro/zod';
import { sample, text } from './common.ts';

export const pageSchema = z
  .object({
    title: text.describe('Page title, in the language of the file'),
    description: text.describe('One sentence for search engines and link previews'),
    nav: z.number().int().optional().describe('Position in the site menu, smallest first; omit to keep it out of the menu'),
    sample,
  })
  .strict();
