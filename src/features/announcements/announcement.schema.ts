/** The announcement form as the server sees it: record → typed draft, or InvalidInput per field. */
import { z } from 'zod';
import { DomainError } from '../shared/domain-error.ts';
import type { AnnouncementDraft } from './announcement.types.ts';

const subject = z.string().trim().min(1, 'form.error.required').max(200, 'form.error.tooLong');
const body = z.string().trim().min(1, 'form.error.required').max(10000, 'form.error.tooLong');
const optional = z
  .string()
  .trim()
  .max(120, 'form.error.tooLong')
  .transform((v) => v || undefined);
const statuses = ['unconfirmed', 'confirmed', 'pending_payment', 'awaiting_approval', 'waitlisted'] as const;

const draft = z.object({
  subjectEn: subject,
  bodyEn: body,
  subjectZh: subject,
  bodyZh: body,
  status: z
    .union([z.literal(''), z.enum(statuses, 'form.error.choice')])
    .transform((v) => v || undefined)
    .optional(),
  ticketId: optional.optional(),
  categoryId: optional.optional(),
  sessionId: optional.optional(),
  slotId: optional.optional(),
  international: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});

/** Form fields (strings) → the draft; unknown ids simply match nobody (the preview shows 0). */
export function parseAnnouncement(record: Record<string, unknown>): AnnouncementDraft {
  const parsed = draft.safeParse(record);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
    throw new DomainError('InvalidInput', fields);
  }
  const { subjectEn, bodyEn, subjectZh, bodyZh, international, ...rest } = parsed.data;
  const filter = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { subjectEn, bodyEn, subjectZh, bodyZh, filter: international ? { ...filter, international: true } : filter };
}
