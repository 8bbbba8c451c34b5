/**
 * What the seat accounting promises for registrations and their session choices, as a list of
 * violations (empty when exact): a seated registration holds one seat in each main session and
 * one in each seated choice's session, nothing else; a registration without its forum seat holds
 * nothing and has no seated choice; nobody waits for a seat that is free (the forum's, or a
 * session's when the registration holds its forum seat).
 */
import type { TestDb } from './databases.ts';
import type { Catalog } from '../../src/features/registration/catalog.ts';
import { seatsFor } from '../../src/features/registration/registration.rules.ts';

const seatedStatuses = ['confirmed', 'pending_payment', 'awaiting_approval'];

export async function registrationSeatViolations(
  t: TestDb,
  catalog: Catalog,
  holdsOf: (owner: string) => string,
  left: Map<string, number>,
): Promise<{ problems: string[]; owners: string[] }> {
  const problems: string[] = [];
  const registrations = await t.db.selectFrom('registration').select(['id', 'status']).execute();
  const choices = await t.db.selectFrom('session_choice').selectAll().execute();
  const choicesOf = new Map<string, typeof choices>();
  for (const c of choices) choicesOf.set(c.registration_id, [...(choicesOf.get(c.registration_id) ?? []), c]);
  for (const r of registrations) {
    const seated = seatedStatuses.includes(r.status);
    const own = choicesOf.get(r.id) ?? [];
    const main = seatsFor({ catalog });
    const expected = seated
      ? [...main.map((w) => `${w.capacityId}=1`), ...own.filter((c) => c.status === 'seated').map((c) => `session:${c.session_id}=1`)]
          .sort()
          .join(',')
      : '';
    const describe = `registration ${r.id} (${r.status}; ${own.map((c) => `${c.session_id}:${c.status}`).join(' ')})`;
    if (holdsOf(r.id) !== expected) problems.push(`${describe} holds "${holdsOf(r.id)}"`);
    if (!seated && own.some((c) => c.status === 'seated')) problems.push(`${describe} has a seated choice without its forum seat`);
    if (r.status === 'waitlisted' && main.every((w) => (left.get(w.capacityId) ?? 0) >= 1))
      problems.push(`${describe} waits with forum seats free`);
    if (seated) {
      for (const c of own.filter((x) => x.status === 'waiting')) {
        if ((left.get(`session:${c.session_id}`) ?? 0) >= 1) problems.push(`${describe} waits for ${c.session_id}, which has seats free`);
      }
    }
    if (new Set(own.map((c) => c.block_id)).size !== own.length) problems.push(`${describe} has two choices in one block`);
  }
  return { problems, owners: registrations.map((r) => r.id) };
}
