/**
 * The visit booking forms read into plain values: the one boundary between FormData and the
 * visits feature, which parses and checks them (parseBooking, changeBooking).
 */
import type { BookingChange, VisitorInput } from '../../features/visits/visits.types.ts';

const scalarFields = ['slot', 'partySize', 'contactName', 'organization', 'email', 'phone', 'guideLanguage', 'accessibility', 'locale'];

/** Repeated form fields, one value per visitor row ("visitorName[]" or "visitorName"). */
function repeated(form: FormData, name: string): unknown[] {
  return [...form.getAll(`${name}[]`), ...form.getAll(name)];
}

const isBlank = (value: unknown) => value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * The booking form → the record parseBooking expects. The visitor rows are zipped from the
 * repeated fields; rows left completely empty at the end are dropped, because a form without
 * JavaScript shows as many rows as the largest party.
 */
export function bookingFormToRecord(form: FormData): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const key of scalarFields) {
    const value = form.get(key);
    if (value !== null) record[key] = value;
    else if (key !== 'locale') record[key] = '';
  }
  // The form offers each slot once per guide language ("slot@zh"): the language follows the slot.
  if (typeof record.slot === 'string' && record.slot.includes('@')) {
    const [slot, language] = record.slot.split('@', 2);
    record.slot = slot;
    record.guideLanguage = language;
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
  record.consent = form.get('consent') === 'on' || form.get('consent') === 'true';
  return record;
}

/** Visitors joining a booking, from the repeated add* fields of the change form. */
function addedVisitors(form: FormData): VisitorInput[] {
  const column = (name: string) => form.getAll(name).map((v) => (typeof v === 'string' ? v.trim() : ''));
  const names = column('addVisitorName');
  const organizations = column('addVisitorOrganization');
  const types = column('addDocumentType');
  const numbers = column('addDocumentNumber');
  return names.map((name, i) => ({
    name,
    organization: organizations[i] ?? '',
    documentType: types[i] || undefined,
    documentNumber: numbers[i] || undefined,
  }));
}

/** The change form → the change: another slot, another party size, the visitors who join. */
export function bookingChangeFromForm(form: FormData): BookingChange {
  const value = form.get('slot');
  const slotId = typeof value === 'string' ? value : '';
  const partySize = Number(form.get('partySize'));
  return {
    ...(slotId ? { slotId } : {}),
    ...(Number.isInteger(partySize) && partySize > 0 ? { partySize } : {}),
    addVisitors: addedVisitors(form),
  };
}
