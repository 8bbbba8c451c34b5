/**
 * The registration form as submitted → the plain record parseRegistration reads: every field
 * of the schema as text ('' when absent, so a missing answer reads as "required"), the two
 * checkboxes as booleans.
 */
import { registrationFields } from '../../features/registration/registration.schema.ts';

/** An HTML checkbox sends "on" when ticked and nothing when not. */
const checked = (form: FormData, name: string) => {
  const value = form.get(name);
  return value === 'on' || value === 'true';
};

export function registrationRecord(form: FormData): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const key of registrationFields) {
    const value = form.get(key);
    if (value !== null) record[key] = value;
    else if (key !== 'interpretation' && key !== 'locale') record[key] = '';
  }
  // Custom questions (question-<id>): every value sent, several for a multi-choice question.
  for (const key of new Set(form.keys())) {
    if (key.startsWith('question-')) record[key] = form.getAll(key).filter((v) => typeof v === 'string');
  }
  record.letter = checked(form, 'letter');
  record.consent = checked(form, 'consent');
  return record;
}
