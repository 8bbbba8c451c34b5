/**
 * The registration form as the server sees it: every field is checked here, whatever the
 * browser did. Errors are i18n keys (form.error.*) so the page shows them in its language.
 */
import { z } from 'zod';
import { DomainError } from '../shared/domain-error.ts';
import { normalizeEmail } from '../identity/access.service.ts';
import type { Answer } from './questions.ts';
import { checkLetterDetails, letterAndInvoiceFields } from './letter-invoice.schema.ts';

const line = (max: number) => z.string().trim().max(max, 'form.error.tooLong');
const required = (max: number) => line(max).min(1, 'form.error.required');
const optional = (max: number) => line(max).default('');
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'form.error.date')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'form.error.date');

export const registrationInput = z
  .object({
    name: required(120),
    organization: required(200),
    jobTitle: optional(120),
    email: line(254).min(1, 'form.error.required').pipe(z.email('form.error.email')),
    phone: optional(40).refine((p) => p === '' || /^[+\d][\d\s()-]{4,39}$/.test(p), 'form.error.phone'),
    country: required(100),
    category: required(60),
    ticket: required(60),
    /** time block id → the session chosen in it ('none' or absent: none), from the fields `session.<blockId>` */
    sessions: z.record(z.string().max(40), z.string().trim().max(80, 'form.error.choice')).default({}),
    dietary: optional(500),
    accessibility: optional(500),
    interpretation: z.enum(['none', 'en', 'zh'], 'form.error.choice').default('none'),
    invitationCode: optional(100),
    letter: z.boolean().default(false),
    passportName: optional(120),
    passportNumber: optional(40),
    nationality: optional(100),
    arrival: z.union([z.literal(''), isoDate]).default(''),
    departure: z.union([z.literal(''), isoDate]).default(''),
    ...letterAndInvoiceFields,
    consent: z.literal(true, 'form.error.consent'),
    locale: z.enum(['en', 'zh', 'zh-hant']).default('en'),
  })
  .superRefine((v, ctx) => {
    checkLetterDetails(v, ctx);
    if (!v.letter) return;
    for (const field of ['passportName', 'passportNumber', 'nationality', 'arrival', 'departure'] as const) {
      if (!v[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'form.error.required' });
    }
    if (v.passportNumber && !/^[A-Za-z0-9]{5,20}$/.test(v.passportNumber)) {
      ctx.addIssue({ code: 'custom', path: ['passportNumber'], message: 'form.error.passport' });
    }
    if (v.arrival && v.departure && v.departure < v.arrival) {
      ctx.addIssue({ code: 'custom', path: ['departure'], message: 'form.error.departureBeforeArrival' });
    }
  });

/** The form's answers to the custom questions ride along with it (registration-form.ts). */
export type RegistrationInput = z.infer<typeof registrationInput> & { answers?: Answer[] | undefined };

/** The form's field names: what the action reads from the submitted form. */
export const registrationFields = Object.keys(registrationInput.shape) as (keyof RegistrationInput)[];

/**
 * The submitted form (text fields as sent, checkboxes as booleans) → a typed registration,
 * or InvalidInput with the first problem per field. Whatever the record holds, nothing throws
 * but DomainError.
 */
export function parseRegistration(record: Record<string, unknown>): RegistrationInput {
  const parsed = registrationInput.safeParse(record);
  if (!parsed.success) throw new DomainError('InvalidInput', fieldErrors(parsed.error));
  return parsed.data;
}

/** An address that went through parseEmail: trimmed, lower-case and shaped like an address. */
export type EmailAddress = string & { readonly __brand: 'EmailAddress' };

/** The "send me my link" form's address, or InvalidInput on the email field. */
export function parseEmail(raw: string): EmailAddress {
  const email = normalizeEmail(raw);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
    throw new DomainError('InvalidInput', { email: 'form.error.email' });
  }
  return email as EmailAddress;
}

/** Zod issues → { field: i18n key } (first problem per field). */
function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    // A block's session choice is the form field `session.<blockId>`.
    const field =
      issue.path[0] === 'sessions' && issue.path.length > 1 ? `session.${String(issue.path[1])}` : String(issue.path[0] ?? 'form');
    const key = issue.message.startsWith('form.error.') ? issue.message : 'form.error.invalid';
    fields[field] ??= key;
  }
  return fields;
}
