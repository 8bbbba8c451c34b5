/** The event file (content/event/*.yaml): one per forum edition, with its registration and visit settings. */
import { z } from 'astro/zod';
import { isoDate, localized, sample, text } from './common.ts';
import { letter, questions } from './questions.ts';

/** Currency of ticket prices when the event file gives none. */
export const DEFAULT_CURRENCY = 'CNY';

/** Minutes a new registration or booking has to be confirmed from the email, when the event file gives none. */
export const DEFAULT_CONFIRM_WITHIN = 60;

/** Minutes to open the link in the confirmation email; 0 turns confirmation off. */
const confirmWithin = (what: string) =>
  z
    .number()
    .int()
    .min(0)
    .max(10_080)
    .default(DEFAULT_CONFIRM_WITHIN)
    .describe(
      `Minutes a new ${what} has to be confirmed by opening the link in its email, 0 to 10080; its seats are held meanwhile and released after (0 = no confirmation; default: ${DEFAULT_CONFIRM_WITHIN})`,
    );

const timezone = z
  .string()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'not an IANA timezone such as Asia/Shanghai');

const organizer = z
  .object({
    name: localized.describe('Name of the body'),
    role: z.enum(['host', 'co-host', 'organizer', 'sponsor', 'partner']).describe('How the body is involved: host, co-host, organizer, sponsor or partner'),
    url: z.url().optional().describe('Website of the body, a full URL (optional)'),
  })
  .strict();

const figure = z
  .object({
    value: text.describe('Figure as shown, e.g. "700+"'),
    label: localized.describe('What the figure counts, e.g. "participants"'),
  })
  .strict();

const category = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .describe('Machine name of the category: lowercase letters, digits and -, e.g. mainland'),
    label: localized.describe('Name of the category shown in the registration form'),
    invitationLetter: z
      .boolean()
      .default(false)
      .describe('Guests of this category may ask for an invitation letter (default: false)'),
  })
  .strict();

const registration = z
  .object({
    opens: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Registration opens, ISO date-time with offset, e.g. 2024-10-01T09:00:00+08:00 (default: open now)'),
    closes: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Registration closes, ISO date-time with offset (default: never closes)'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default(DEFAULT_CURRENCY)
      .describe(`Currency of all ticket prices, a three-letter ISO 4217 code (default: ${DEFAULT_CURRENCY})`),
    categories: z
      .array(category)
      .min(1)
      .describe('Attendee categories, at least one, e.g. mainland, Hong Kong/Macao/Taiwan, international'),
    privacyPage: z.string().optional().describe('Slug of the prose page with the privacy notice, e.g. privacy for content/pages/en/privacy.md'),
    confirmWithin: confirmWithin('registration'),
    questions,
    letter: letter.optional(),
  })
  .strict();

/** The visit settings that have a default. */
const visitOptions = z.object({
  maxPartySize: z.number().int().min(1).max(20).default(5).describe('Most visitors one booking may bring, 1 to 20 (default: 5)'),
  requiresIdDocument: z
    .boolean()
    .default(false)
    .describe('The center asks for an identity document per visitor (default: false)'),
  idDocumentTypes: z
    .array(z.enum(['passport', 'resident-id', 'hk-macao-permit', 'taiwan-permit', 'other']))
    .default(['passport', 'resident-id'])
    .describe('Documents accepted at the door: passport, resident-id, hk-macao-permit, taiwan-permit, other (default: passport, resident-id)'),
  purgeDaysAfterVisit: z
    .number()
    .int()
    .min(0)
    .max(365)
    .default(7)
    .describe('Document numbers are deleted this many days after the visit, 0 to 365 (default: 7)'),
  confirmWithin: confirmWithin('booking'),
});

const visitSettings = visitOptions
  .extend({
    meetingPoint: localized.describe('Where visitors meet the guide'),
    address: localized.optional().describe('Street address of the center, shown with the meeting point in visit confirmations (optional)'),
    bring: localized.describe('What visitors bring'),
    accessibility: localized.describe('Access notes (steps, lifts, seating)'),
  })
  .strict();

/** Without a visits block: the defaults above and empty texts (no visits are offered without slots). */
const withoutVisits = () => ({ ...visitOptions.parse({}), meetingPoint: { en: '' }, bring: { en: '' }, accessibility: { en: '' } });

export const eventSchema = z
  .object({
    name: localized.describe('Full name of the forum'),
    shortName: localized.describe('Short name for headers and tabs'),
    acronym: z
      .string()
      .regex(/^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$/, 'lowercase letters, digits and _ (frab acronym)')
      .describe('Machine name used in schedule exports: lowercase letters, digits and _, e.g. beijing_swift_2024'),
    edition: localized.describe('Edition, e.g. "2024"'),
    current: z
      .boolean()
      .default(false)
      .describe('This is the current edition: registration, visits and the home page are its own; exactly one event file is current (a single file is current without it; default: false)'),
    path: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and -')
      .optional()
      .describe('URL slug of the edition once it is past, e.g. 2024 for /en/2024/program/ (default: the year of startDate)'),
    theme: localized.describe('Theme of this edition'),
    summary: localized.describe('One-paragraph description for the home page and search engines'),
    startDate: isoDate.describe('First day, YYYY-MM-DD in the event timezone (quote it: "2024-12-19")'),
    endDate: isoDate.describe('Last day, YYYY-MM-DD in the event timezone, not before startDate (quote it)'),
    datesAreSample: z.boolean().default(false).describe('true while the dates are not confirmed (default: false)'),
    timezone: timezone.describe('IANA timezone every date and time is given and shown in, e.g. Asia/Shanghai'),
    city: localized.describe('City where the forum takes place'),
    venue: z
      .object({
        name: localized.describe('Name of the venue'),
        address: localized.describe('Street address of the venue'),
        sample,
      })
      .strict()
      .describe('Where the forum takes place'),
    organizers: z.array(organizer).default([]).describe('Hosts, organizers, sponsors and partners, in the order shown (default: none)'),
    figures: z.array(figure).default([]).describe('Key figures shown on the home page (default: none)'),
    registrationUrl: z.string().optional().describe('Where "Register" points; a site path or URL (default: the registration form)'),
    registration: registration.optional().describe('Registration settings: when it opens and closes, currency and attendee categories (optional)'),
    visits: visitSettings
      .default(withoutVisits)
      .describe('Settings of the guided visits (the slots are in content/visits/); omit when there are no visits'),
    sample,
  })
  .strict()
  .refine((e) => e.endDate >= e.startDate, { message: 'endDate is before startDate', path: ['endDate'] });
