/** The workspace's forms as the server sees them: record → typed input, or InvalidInput with i18n keys per field. */
import { z } from 'zod';
import { DomainError } from '../shared/domain-error.ts';
import { roleNames, type StaffRole } from './roles.ts';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'form.error.required')
  .max(254, 'form.error.tooLong')
  .pipe(z.email('form.error.email'));
const name = z.string().trim().min(1, 'form.error.required').max(120, 'form.error.tooLong');
const role = z.enum(roleNames as [StaffRole, ...StaffRole[]], 'form.error.choice');
const newPassword = z.string().min(12, 'staff.error.passwordShort').max(128, 'form.error.tooLong');

function parse<S extends z.ZodType>(schema: S, record: Record<string, unknown>): z.infer<S> {
  const parsed = schema.safeParse(record);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    fields[field] ??= issue.message;
  }
  throw new DomainError('InvalidInput', fields);
}

export const parseSignIn = (record: Record<string, unknown>) =>
  parse(z.object({ email, password: z.string().min(1, 'form.error.required').max(128, 'form.error.tooLong') }), record);

export const parseCode = (record: Record<string, unknown>) =>
  parse(
    z.object({
      code: z
        .string()
        .trim()
        .regex(/^\d{6}$/, 'staff.error.codeFormat'),
    }),
    record,
  );

export const parsePasswordOnly = (record: Record<string, unknown>) =>
  parse(z.object({ password: z.string().min(1, 'form.error.required').max(128, 'form.error.tooLong') }), record);

export const parseInvite = (record: Record<string, unknown>) => parse(z.object({ email, name, role }), record);

export const parseRoleChange = (record: Record<string, unknown>) => parse(z.object({ userId: z.string().min(1).max(100), role }), record);

export const parseStaffId = (record: Record<string, unknown>) =>
  parse(z.object({ userId: z.string().min(1, 'form.error.required').max(100) }), record);

/** The password page: a new password twice; a setup link also asks the first admin's email and name. */
export function parseNewPassword(record: Record<string, unknown>, setup: boolean) {
  const base = z
    .object({ token: z.string().min(10).max(100), password: newPassword, confirm: z.string() })
    .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'staff.error.passwordMismatch' });
  const input = parse(base, record);
  const account = setup ? parse(z.object({ email, name }), record) : undefined;
  return { token: input.token, password: input.password, account };
}
