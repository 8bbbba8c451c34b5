/**
 * The whole registration form: the fixed fields (registration.schema.ts), the answers to the
 * custom questions that apply to the chosen ticket and category (questions.ts), and the checks
 * that need today's date. Every field's problem is reported at once.
 */
import { DomainError, isDomainError } from '../shared/domain-error.ts';
import type { Catalog } from './catalog.ts';
import { birthDateError } from './letter-invoice.schema.ts';
import { parseAnswers, type Answer } from './questions.ts';
import { parseRegistration, type RegistrationInput } from './registration.schema.ts';

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

const fieldsOf = (error: unknown): Record<string, string> => {
  if (isDomainError(error, 'InvalidInput')) return error.fields;
  throw error;
};

export function parseRegistrationForm(catalog: Catalog, record: Record<string, unknown>, now: Date): RegistrationInput {
  let input: RegistrationInput | undefined;
  let answers: Answer[] = [];
  const fields: Record<string, string> = {};
  try {
    input = parseRegistration(record);
  } catch (error) {
    Object.assign(fields, fieldsOf(error));
  }
  try {
    answers = parseAnswers(catalog, text(record.ticket), text(record.category), record);
  } catch (error) {
    Object.assign(fields, fieldsOf(error));
  }
  const birth = birthDateError(text(record.birthDate), now);
  if (birth && record.letter === true) fields.birthDate ??= birth;
  if (!input || Object.keys(fields).length > 0) throw new DomainError('InvalidInput', fields);
  return { ...input, answers };
}
