/** The bulk badge form: layout (A6 or A4 sheet) and an optional category. */
import { z } from 'zod';
import { DomainError } from '../shared/domain-error.ts';
import type { BadgeSelection } from './badges.service.ts';

export function parseBadgeRun(record: Record<string, unknown>, categories: string[]): BadgeSelection {
  const parsed = z
    .object({
      layout: z.enum(['a6', 'a4'], 'form.error.choice'),
      category: z
        .string()
        .refine((c) => c === '' || categories.includes(c), 'form.error.choice')
        .transform((c) => c || undefined),
    })
    .safeParse(record);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
  throw new DomainError('InvalidInput', fields);
}
