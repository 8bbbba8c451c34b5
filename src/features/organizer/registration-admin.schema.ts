/** The organizer forms on a registration as the server sees them: record → typed input, or InvalidInput per field. */
import { z } from 'zod';
import { DomainError } from '../shared/domain-error.ts';

function parse<S extends z.ZodType>(schema: S, record: Record<string, unknown>): z.infer<S> {
  const parsed = schema.safeParse(record);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
  throw new DomainError('InvalidInput', fields);
}

const id = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'form.error.choice');

export const parseRegistrationId = (record: Record<string, unknown>) => parse(z.object({ registrationId: id }), record);

export const parseLetterDecision = (record: Record<string, unknown>) =>
  parse(
    z.object({
      registrationId: id,
      decision: z.enum(['approved', 'rejected'], 'form.error.choice'),
      reason: z.string().trim().max(500, 'form.error.tooLong').default(''),
    }),
    record,
  );

export const parseMoveChoice = (record: Record<string, unknown>) =>
  parse(
    z.object({
      registrationId: id,
      block: id,
      // '' = no session in this block
      session: z.union([z.literal(''), id]).transform((v) => (v === '' ? null : v)),
    }),
    record,
  );

export const parseCancel = (record: Record<string, unknown>) =>
  parse(z.object({ registrationId: id, refund: z.enum(['yes', 'no'], 'form.error.choice').transform((v) => v === 'yes') }), record);

export const parseNote = (record: Record<string, unknown>) =>
  parse(z.object({ registrationId: id, note: z.string().trim().min(1, 'form.error.required').max(2000, 'form.error.tooLong') }), record);

export interface OfflinePaymentInput {
  /** minor units (fen) */
  amountCents: number;
  /** YYYY-MM-DD */
  paidOn: string;
  reference: string;
}

/** "1200" or "1,200.50" (in the registration's currency) → fen. */
const amount = z
  .string()
  .trim()
  .min(1, 'form.error.required')
  .transform((v) => v.replace(/,/g, ''))
  .pipe(z.string().regex(/^\d{1,7}(\.\d{1,2})?$/, 'admin.reg.error.amount'))
  .transform((v) => Math.round(Number(v) * 100))
  .pipe(z.number().int().positive('admin.reg.error.amount'));

export function parseOfflinePayment(record: Record<string, unknown>): { registrationId: string } & OfflinePaymentInput {
  const { amount: amountCents, ...rest } = parse(
    z.object({
      registrationId: id,
      amount,
      paidOn: z
        .string()
        .trim()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'form.error.date'),
      reference: z.string().trim().min(1, 'form.error.required').max(120, 'form.error.tooLong'),
    }),
    record,
  );
  return { ...rest, amountCents };
}
