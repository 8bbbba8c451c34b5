/**
 * The visit booking form as the server sees it. The limits come from content (party size,
 * identity documents), so the schema is built from the visit settings. Errors are i18n keys
 * (form.error.*); a visitor's field is named "visitors.<row>.<field>", e.g. visitors.1.name.
 */
import { z } from 'zod';
import { DomainError } from '../shared/domain-error.ts';
import type { VisitSettings } from './visits.types.ts';

const line = (max: number) => z.string().trim().max(max, 'form.error.tooLong');
const required = (max: number) => line(max).min(1, 'form.error.required');
const optional = (max: number) => line(max).default('');

const documentNumber = /^[A-Za-z0-9-]{4,30}$/;

// The name is required per row by the schemas below: rows beyond the party size are ignored.
const visitorRow = z.object({
  name: optional(120),
  organization: optional(200),
  documentType: optional(40),
  documentNumber: optional(60),
});

/**
 * Each visitor's name, and document when the center asks for one: a type it accepts and a
 * number. When it does not, documents are dropped: nothing is kept that is not needed.
 */
function checkVisitors(
  settings: VisitSettings,
  visitors: z.infer<typeof visitorRow>[],
  ctx: z.RefinementCtx,
  path: (string | number)[] = ['visitors'],
) {
  visitors.forEach((v, i) => {
    if (!v.name) ctx.addIssue({ code: 'custom', path: [...path, i, 'name'], message: 'form.error.required' });
    if (!settings.requiresIdDocument) return;
    if (!v.documentType) ctx.addIssue({ code: 'custom', path: [...path, i, 'documentType'], message: 'form.error.required' });
    else if (!settings.idDocumentTypes.includes(v.documentType)) {
      ctx.addIssue({ code: 'custom', path: [...path, i, 'documentType'], message: 'form.error.choice' });
    }
    if (!v.documentNumber) ctx.addIssue({ code: 'custom', path: [...path, i, 'documentNumber'], message: 'form.error.required' });
    else if (!documentNumber.test(v.documentNumber)) {
      ctx.addIssue({ code: 'custom', path: [...path, i, 'documentNumber'], message: 'form.error.document' });
    }
  });
}

/** Documents kept only when required; numbers upper-cased so the organizer sees one spelling. */
function keepDocuments(settings: VisitSettings, visitors: z.infer<typeof visitorRow>[]) {
  return visitors.map((v) => ({
    name: v.name,
    organization: v.organization,
    documentType: settings.requiresIdDocument ? v.documentType : undefined,
    documentNumber: settings.requiresIdDocument ? v.documentNumber.toUpperCase() : undefined,
  }));
}

export function partySizeSchema(settings: VisitSettings) {
  return z.coerce
    .number('form.error.partySize')
    .int('form.error.partySize')
    .min(1, 'form.error.partySize')
    .max(settings.maxPartySize, 'form.error.partySize');
}

/** A new visitor list (changing a booking): one row per visitor, documents as for booking. */
export function visitorsSchema(settings: VisitSettings) {
  return z
    .array(visitorRow)
    .min(1, 'form.error.partySize')
    .max(settings.maxPartySize, 'form.error.partySize')
    .superRefine((visitors, ctx) => checkVisitors(settings, visitors, ctx, []))
    .transform((visitors) => keepDocuments(settings, visitors));
}

function bookingSchema(settings: VisitSettings) {
  return z
    .object({
      slot: required(80),
      partySize: partySizeSchema(settings),
      visitors: z.array(visitorRow).max(settings.maxPartySize, 'form.error.partySize'),
      contactName: required(120),
      organization: required(200),
      email: line(254).min(1, 'form.error.required').pipe(z.email('form.error.email')),
      phone: optional(40).refine((p) => p === '' || /^[+\d][\d\s()-]{4,39}$/.test(p), 'form.error.phone'),
      guideLanguage: z.enum(['en', 'zh'], 'form.error.guideLanguage'),
      accessibility: optional(500),
      consent: z.literal(true, 'form.error.consent'),
      locale: z.enum(['en', 'zh', 'zh-hant']).default('en'),
    })
    .superRefine(
      (v, ctx) => {
        // A party of N has N visitor rows, each with a name; rows beyond N are ignored.
        checkVisitors(settings, v.visitors.slice(0, v.partySize), ctx);
        for (let i = v.visitors.length; i < v.partySize; i++) {
          ctx.addIssue({ code: 'custom', path: ['visitors', i, 'name'], message: 'form.error.required' });
        }
      },
      {
        // Report visitor problems together with the other fields' (zod skips refinements after
        // any field error by default), as long as the party size and the rows themselves parsed.
        when: ({ issues }) => !issues.some((i) => i.path?.[0] === 'partySize' || i.path?.[0] === 'visitors'),
      },
    )
    .transform((v) => ({ ...v, visitors: keepDocuments(settings, v.visitors.slice(0, v.partySize)) }));
}

export type BookingInput = z.output<ReturnType<typeof bookingSchema>>;

/** Zod issues → { field: i18n key } (first problem per field); visitor fields keep their row. */
export function bookingFieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'form';
    const key = issue.message.startsWith('form.error.') ? issue.message : 'form.error.invalid';
    fields[field] ??= key;
  }
  return fields;
}

/**
 * The booking form's fields (a plain record: the actions layer reads the form into one) →
 * the typed booking, or InvalidInput naming each wrong field.
 */
export function parseBooking(settings: VisitSettings, record: Record<string, unknown>): BookingInput {
  const parsed = bookingSchema(settings).safeParse(record);
  if (!parsed.success) throw new DomainError('InvalidInput', bookingFieldErrors(parsed.error));
  return parsed.data;
}
