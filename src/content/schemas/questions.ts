/** Custom questions of the registration form and the invitation letter's letterhead (parts of the event file's registration block). */
import { z } from 'astro/zod';
import { localized, sample } from './common.ts';

const machineName = z.string().regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and -');

const option = z
  .object({
    id: machineName.describe('Machine name of the option, stored with the answer: lowercase letters, digits and -, e.g. colleague'),
    label: localized.describe('Text of the option shown in the form'),
  })
  .strict();

export const question = z
  .object({
    id: machineName.describe('Machine name of the question, stored with the answers and used in exports, e.g. heard-from'),
    kind: z
      .enum(['text', 'choice', 'multi-choice', 'yes-no', 'country'])
      .describe('text: a free answer; choice: one option; multi-choice: any options; yes-no; country: an ISO 3166 country'),
    required: z.boolean().default(false).describe('An answer is needed to register (default: false)'),
    label: localized.describe('The question as shown in the form'),
    help: localized.optional().describe('A hint below the question (optional)'),
    options: z.array(option).default([]).describe('Options of a choice or multi-choice question, in the order shown (default: none)'),
    tickets: z.array(machineName).default([]).describe('Ask only with these tickets (ticket file names); empty = every ticket (default)'),
    categories: z.array(machineName).default([]).describe('Ask only attendees of these categories; empty = every category (default)'),
    sample,
  })
  .strict()
  .refine((q) => (q.kind === 'choice' || q.kind === 'multi-choice') === q.options.length > 0, {
    message: 'choice and multi-choice questions need options; other kinds have none',
  });

export const questions = z
  .array(question)
  .default([])
  .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, { message: 'two questions have the same id' })
  .describe('Questions added to the registration form, in the order shown (default: none)');

export const letter = z
  .object({
    letterhead: localized.describe('Letterhead: the inviting body as printed at the top of invitation letters'),
    signatory: localized.describe('Name of the person who signs the letters'),
    signatoryTitle: localized.describe('Title of the signatory, e.g. "Secretary-General of the Organizing Committee"'),
    purpose: localized.describe('Purpose of the visit as stated in the letter, e.g. "to attend the forum as a guest"'),
    sample,
  })
  .strict()
  .describe('Invitation letters: letterhead, signature block and purpose of visit (optional; without it the forum name heads the letter)');
