/** Speakers (content/speakers/*.yaml) and sessions with their agenda (content/sessions/*.yaml). */
import { reference, type SchemaContext } from 'astro:content';
import { z } from 'astro/zod';
import { clockTime, editionRef, language, localized, sample } from './common.ts';

/** A function of Astro's image() helper: the optional portrait goes through the image pipeline. */
export const speakerSchema = ({ image }: SchemaContext) =>
  z
    .object({
      name: localized.describe('Name as printed in the program'),
      affiliation: localized.describe('University, institution or organization'),
      position: localized.optional().describe('Title or role at the affiliation (optional)'),
      country: localized.optional().describe('Country or region (optional)'),
      bio: localized.optional().describe('Short biography (optional)'),
      photo: image()
        .optional()
        .describe(
          'Portrait the speaker agreed to publish: a JPEG, PNG or WebP path relative to this file, e.g. ./photos/speaker-a.jpg (optional; a neutral placeholder otherwise)',
        ),
      sample,
    })
    .strict();

const agendaItem = z
  .object({
    start: clockTime.describe('Start, 24-hour HH:MM in the event timezone, within the session'),
    end: clockTime.describe('End, 24-hour HH:MM in the event timezone, after start'),
    kind: z
      .enum(['opening', 'keynote', 'talk', 'panel', 'release', 'discussion', 'closing', 'break'])
      .default('talk')
      .describe('What happens in this slot: opening, keynote, talk, panel, release, discussion, closing or break (default: talk)'),
    title: localized.describe('Title of the item'),
    speakers: z
      .array(reference('speakers'))
      .default([])
      .describe('Speaker ids (file names under content/speakers/), in the order shown (default: none)'),
    paper: reference('papers').optional().describe('Paper presented in this slot: its id, the file name under content/papers/ (optional)'),
  })
  .strict()
  .refine((i) => i.end > i.start, { message: 'end must be after start', path: ['end'] });

const interpretationChannel = z
  .object({
    language: language.describe('Language interpreted into: en or zh'),
    channel: z.number().int().min(0).max(99).describe('Receiver channel, 0 to 99'),
  })
  .strict();

export const sessionSchema = z
  .object({
    code: z
      .string()
      .regex(/^[A-Z0-9-]{1,8}$/, 'short code like P1')
      .describe('Short code shown in the program: up to 8 capital letters, digits or -, e.g. P1'),
    kind: z.enum(['main', 'parallel', 'visit', 'social']).describe('main forum, parallel session, visit or social'),
    title: localized.describe('Title of the session'),
    summary: localized.describe('What the session is about'),
    day: z.number().int().min(1).describe('Day of the forum: 1 is the event startDate; must not fall after endDate'),
    start: clockTime.describe('Start, 24-hour HH:MM in the event timezone'),
    end: clockTime.describe('End, 24-hour HH:MM in the event timezone, after start'),
    room: localized.describe('Room or place'),
    capacity: z.number().int().positive().describe('Seats, a whole number above 0'),
    languages: z.array(language).min(1).describe('Languages spoken on stage, at least one: en, zh'),
    interpretation: z.array(interpretationChannel).default([]).describe('Simultaneous interpretation channels (default: none)'),
    chairs: z.array(reference('speakers')).default([]).describe('Chair ids (file names under content/speakers/) (default: none)'),
    agenda: z.array(agendaItem).default([]).describe('Items in time order, inside the session and not overlapping (default: none)'),
    edition: editionRef('session'),
    sample,
  })
  .strict()
  .refine((s) => s.end > s.start, { message: 'end must be after start', path: ['end'] });
