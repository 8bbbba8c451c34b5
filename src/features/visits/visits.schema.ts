/**
 * The visit booking form as the server sees it. The limits come from content (party size,
 * identity documents), so the schema is built from the visit settings. Errors are i18n keys
 * (form.error.*); a visitor's field is named "visitors.<row>.<field>", e.g. visitors.1.name.
 */
import { z } from 'zod';
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

export function bookingSchema(settings: VisitSettings) {
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
      locale: z.enum(['en', 'zh']).default('en'),
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

const scalarFields = ['slot', 'partySize', 'contactName', 'organization', 'email', 'phone', 'guideLanguage', 'accessibility', 'locale'];

/** Repeated form fields, one value per visitor row ("visitorName[]" or "visitorName"). */
function repeated(form: FormData | Record<string, unknown>, name: string): unknown[] {
  if (form instanceof FormData) return [...form.getAll(`${name}[]`), ...form.getAll(name)];
  const value = form[`${name}[]`] ?? form[name];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

const isBlank = (value: unknown) => value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * FormData (or a plain record) → the shape the schema expects. The visitor rows are zipped
 * from the repeated fields; rows left completely empty at the end are dropped, because a
 * form without JavaScript shows as many rows as the largest party.
 */
export function bookingFormToRecord(form: FormData | Record<string, unknown>): Record<string, unknown> {
  const get = (k: string) => (form instanceof FormData ? form.get(k) : form[k]);
  const record: Record<string, unknown> = {};
  for (const key of scalarFields) {
    const value = get(key);
    if (value !== null && value !== undefined) record[key] = value;
    else if (key !== 'locale') record[key] = '';
  }
  const columns = {
    name: repeated(form, 'visitorName'),
    organization: repeated(form, 'visitorOrganization'),
    documentType: repeated(form, 'documentType'),
    documentNumber: repeated(form, 'documentNumber'),
  };
  // Bounded: a crafted form with thousands of rows is refused by the schema, not zipped.
  const rows = Math.min(100, Math.max(...Object.values(columns).map((c) => c.length)));
  const visitors: Record<string, unknown>[] = [];
  for (let i = 0; i < rows; i++) {
    visitors.push({
      name: columns.name[i] ?? '',
      organization: columns.organization[i] ?? '',
      documentType: columns.documentType[i] ?? '',
      documentNumber: columns.documentNumber[i] ?? '',
    });
  }
  while (visitors.length > 0 && Object.values(visitors.at(-1)!).every(isBlank)) visitors.pop();
  record.visitors = visitors;
  record.consent = get('consent') === 'on' || get('consent') === true || get('consent') === 'true';
  return record;
}

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
