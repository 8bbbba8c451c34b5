/**
 * Form fields for what consulates ask of an invitation letter (date of birth, passport expiry)
 * and for a formal invoice (发票) of a paid ticket: title (抬头) and taxpayer number (税号).
 */
import { z } from 'zod';

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'form.error.date')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'form.error.date');
const optionalDate = z.union([z.literal(''), isoDate]).default('');

export const letterAndInvoiceFields = {
  birthDate: optionalDate,
  passportExpiry: optionalDate,
  invoiceTitle: z.string().trim().max(200, 'form.error.tooLong').default(''),
  taxNumber: z
    .string()
    .trim()
    .toUpperCase()
    .refine((n) => n === '' || /^[0-9A-Z]{15,20}$/.test(n), 'form.error.taxNumber')
    .default(''),
};

interface Details {
  letter: boolean;
  departure: string;
  birthDate: string;
  passportExpiry: string;
  invoiceTitle: string;
  taxNumber: string;
}

/** With a letter: birth date and passport expiry needed, the passport valid past the departure. */
export function checkLetterDetails(v: Details, ctx: z.RefinementCtx): void {
  if (v.letter) {
    for (const field of ['birthDate', 'passportExpiry'] as const) {
      if (!v[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'form.error.required' });
    }
    if (v.passportExpiry && v.departure && v.passportExpiry <= v.departure) {
      ctx.addIssue({ code: 'custom', path: ['passportExpiry'], message: 'form.error.passportExpiry' });
    }
  }
  if (v.taxNumber && !v.invoiceTitle) ctx.addIssue({ code: 'custom', path: ['invoiceTitle'], message: 'form.error.required' });
}

/** A birth date must lie before today (in UTC; one day either way does not matter here). */
export function birthDateError(birthDate: string, now: Date): string | undefined {
  if (!birthDate) return undefined;
  return birthDate >= now.toISOString().slice(0, 10) ? 'form.error.birthDate' : undefined;
}
