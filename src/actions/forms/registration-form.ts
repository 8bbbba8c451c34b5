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

/** The fields `session.<blockId>` (one radio group per time block) → { blockId: value }. */
export function sessionFields(form: FormData): Record<string, string> {
  const sessions: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith('session.') && typeof value === 'string') sessions[name.slice('session.'.length)] = value;
  }
  return sessions;
}

export function registrationRecord(form: FormData): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const key of registrationFields) {
    if (key === 'sessions') continue;
    const value = form.get(key);
    if (value !== null) record[key] = value;
    else if (key !== 'interpretation' && key !== 'locale') record[key] = '';
  }
  record.sessions = sessionFields(form);
  // Custom questions (question-<id>): every value sent, several for a multi-choice question.
  for (const key of new Set(form.keys())) {
    if (key.startsWith('question-')) record[key] = form.getAll(key).filter((v) => typeof v === 'string');
  }
  record.letter = checked(form, 'letter');
  record.consent = checked(form, 'consent');
  return record;
}

/** "My registration"'s form for one time block: its id (hidden `block`) and the radio group `session.<blockId>`. */
export function sessionChangeRecord(form: FormData): { block: string; session: string } {
  const block = form.get('block');
  const name = typeof block === 'string' ? block : '';
  const session = form.get(`session.${name}`);
  return { block: name, session: typeof session === 'string' ? session : '' };
}
