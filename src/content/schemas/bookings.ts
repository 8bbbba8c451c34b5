/** What guests book: ticket types (content/tickets/*.yaml) and visit slots (content/visits/*.yaml). */
import { z } from 'astro/zod';
import { clockTime, isoDate, language, localized, sample } from './common.ts';

const codeHash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest');

/** Ticket types: the file name is the ticket id. Invitation codes are stored only as SHA-256 hashes. */
export const ticketSchema = z
  .object({
    name: localized.describe('Name of the ticket type'),
    description: localized.describe('What the ticket includes'),
    price: z.number().min(0).describe('Price in the event currency (0 = free), e.g. 1200 or 99.5'),
    categories: z.array(z.string()).default([]).describe('Attendee category ids allowed to buy it (default: empty = all)'),
    invitationCodeHashes: z
      .array(
        z.union([
          codeHash,
          z
            .object({
              hash: codeHash.describe('SHA-256 of the code, 64 hex digits'),
              maxUses: z
                .number()
                .int()
                .positive()
                .describe('Registrations the code admits in all; cancelled ones still count (default: no limit)'),
            })
            .strict(),
        ]),
      )
      .default([])
      .describe(
        'Accepted invitation codes: the SHA-256 of each (64 hex digits), or { hash, maxUses } to limit its uses; non-empty = a code is required (default: none)',
      ),
    requiresApproval: z.boolean().default(false).describe('An organizer approves each registration, e.g. media (default: false)'),
    sessionChoice: z.boolean().default(true).describe('The attendee chooses one parallel session (default: true)'),
    order: z.number().int().default(0).describe('Position in the registration form, smallest first (default: 0)'),
    sample,
  })
  .strict();

/** Visit slots of the 12345 service center: the file name is the slot id. */
export const visitSlotSchema = z
  .object({
    date: isoDate.describe('Day of the visit, YYYY-MM-DD in the event timezone (quote it: "2024-12-20")'),
    start: clockTime.describe('Start, 24-hour HH:MM in the event timezone'),
    durationMinutes: z.number().int().min(15).max(480).describe('Length of the visit in minutes, 15 to 480'),
    capacity: z.number().int().positive().describe('Visitors the slot can take'),
    languages: z.array(language).min(1).describe('Guide languages offered, at least one: en, zh'),
    bookingOpens: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Booking opens, ISO date-time with offset, e.g. 2024-12-01T09:00:00+08:00 (default: open now)'),
    bookingCloses: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Booking closes, ISO date-time with offset (default: when the slot starts)'),
    cancelled: z.boolean().default(false).describe('Cancel the slot: its bookings are cancelled and the visitors emailed (default: false)'),
    note: localized.optional().describe('Note shown with the slot (optional)'),
    sample,
  })
  .strict();
