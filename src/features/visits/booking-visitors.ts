/**
 * How a visit booking keeps its visitors: names, organizations and document types as JSON in
 * the row; the document numbers, one per visitor in the same order, sealed together in
 * id_documents_enc, deleted after the visit (documentsPurgeAfter) or at cancellation.
 */
import type { BookingTable } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { open, seal } from '../shared/secrets.ts';
import { documentsPurgeAfter } from './slots.ts';
import type { VisitSlot, VisitorInput } from './visits.types.ts';

/** A visitor as the row keeps them in plain text. */
interface StoredVisitor {
  name: string;
  organization: string;
  documentType?: string;
}

/** Stored visitors: names and document types, never the numbers. */
export function visitorsJson(visitors: VisitorInput[]): string {
  return JSON.stringify(
    visitors.map((v) => ({ name: v.name, organization: v.organization, ...(v.documentType ? { documentType: v.documentType } : {}) })),
  );
}

export function storedVisitors(booking: Pick<BookingTable, 'visitors'>): StoredVisitor[] {
  return JSON.parse(booking.visitors) as StoredVisitor[];
}

/** The numbers, one per visitor in the same order, sealed together; null when none were asked. */
function sealDocuments(deps: Deps, visitors: VisitorInput[]): string | null {
  if (!visitors.some((v) => v.documentNumber)) return null;
  return seal(deps.keys.encryption, JSON.stringify(visitors.map((v) => v.documentNumber ?? null)));
}

/** The document columns of a booking of these visitors to this slot. */
export function documentColumns(deps: Deps, visitors: VisitorInput[], slot: VisitSlot) {
  const sealed = sealDocuments(deps, visitors);
  return { id_documents_enc: sealed, id_purge_after: sealed ? documentsPurgeAfter(deps, slot) : null, id_purged_at: null };
}

/** The sealed numbers opened, one per visitor (null where none); [] when none are kept. */
export function openDocuments(deps: Pick<Deps, 'keys'>, booking: Pick<BookingTable, 'id_documents_enc'>): (string | null)[] {
  return booking.id_documents_enc ? (JSON.parse(open(deps.keys.encryption, booking.id_documents_enc)) as (string | null)[]) : [];
}

/** The booked visitors with their (decrypted) documents. */
export function bookedVisitors(deps: Deps, booking: BookingTable): VisitorInput[] {
  const numbers = openDocuments(deps, booking);
  return storedVisitors(booking).map((row, i) => ({ ...row, documentNumber: numbers[i] ?? undefined }));
}
