/**
 * Check-in: a scan (or a sync of scans a device made offline) records at most one check-in per
 * ticket and point. The unique (point, ticket) row decides between devices scanning at once;
 * a scan synced late that happened earlier takes the place of the later one, so the earliest
 * check-in stands and every other scan is reported as a duplicate with the first one's time
 * and device. A device's retry of the same scan (same clientRef) is answered as before.
 */
import type { CheckInTable } from '../../db/schema.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newId } from '../shared/secrets.ts';
import { verifyTicketCode } from '../printouts/ticket-code.ts';
import { audit, type Actor } from '../staff/audit.ts';
import { ENTRANCE, findPoint } from './checkin-points.ts';
import { countDuplicate, findCheckIn, insertCheckIn, keepEarlierScan } from './checkin.repository.ts';
import type { CheckInPoint, ScanInput, ScanResult } from './checkin.types.ts';
import { attendeeCard, findTicket, refusalAt, type Ticket } from './tickets.ts';

/** Scans a device may sync in one request. */
export const MAX_SYNC_BATCH = 500;
/** A device clock ahead of ours by more than this is not trusted. */
const CLOCK_SLACK_MS = 5 * 60_000;
/**
 * Scans this close together are the same moment at two devices (clocks differ by that much):
 * the first to reach the server stands, so exactly one screen says "checked in". Only a scan
 * made clearly earlier (offline, synced late) takes the place of the stored one.
 */
const SAME_MOMENT_MS = 30_000;

/** The ticket id a scanned text names: a genuine QR code, or "id:<id>" picked from a search. */
function ticketIdOf(deps: Deps, code: string): string | null {
  const text = code.trim();
  if (text.startsWith('id:')) return /^id:[A-Za-z0-9_-]{8,64}$/.test(text) ? text.slice(3) : null;
  return verifyTicketCode(deps.keys.tickets, text);
}

/** The device's scan time if believable (ISO, not in the future), else now. */
function scanTime(deps: Deps, scannedAt: string | undefined): string {
  const now = deps.clock.now();
  const t = scannedAt ? Date.parse(scannedAt) : NaN;
  if (Number.isNaN(t) || t > now.getTime() + CLOCK_SLACK_MS) return iso(now);
  return new Date(Math.min(t, now.getTime())).toISOString();
}

function checkInRow(deps: Deps, point: CheckInPoint, ticket: Ticket, scan: ScanInput, at: string): CheckInTable {
  return {
    id: newId(),
    edition: deps.catalog.edition,
    point_id: point.id,
    subject_kind: ticket.kind,
    subject_id: ticket.row.id,
    people: ticket.kind === 'booking' ? ticket.row.party_size : 1,
    scanned_at: at,
    device_id: scan.deviceId.slice(0, 64),
    client_ref: scan.clientRef.slice(0, 64),
    staff_id: scan.staffId ?? null,
    duplicates: 0,
    recorded_at: iso(deps.clock.now()),
  };
}

/** The entrance check-in also marks the registration (the earliest time). */
async function markRegistration(trx: Trx, ticket: Ticket, point: CheckInPoint, at: string): Promise<void> {
  if (ticket.kind !== 'registration' || point.id !== ENTRANCE) return;
  await trx
    .updateTable('registration')
    .set({ checked_in_at: at })
    .where('id', '=', ticket.row.id)
    .where((eb) => eb.or([eb('checked_in_at', 'is', null), eb('checked_in_at', '>', at)]))
    .execute();
}

async function record(trx: Trx, deps: Deps, point: CheckInPoint, ticket: Ticket, scan: ScanInput): Promise<ScanResult> {
  const attendee = attendeeCard(ticket);
  const refusal = refusalAt(ticket, point);
  if (refusal) return { outcome: 'refused', reason: refusal, attendee };
  const at = scanTime(deps, scan.scannedAt);
  const row = checkInRow(deps, point, ticket, scan, at);
  if (await insertCheckIn(trx, row)) {
    await markRegistration(trx, ticket, point, at);
    return { outcome: 'checked-in', attendee, at };
  }
  const first = await findCheckIn(trx, point.id, ticket.row.id);
  if (!first) throw new Error('check-in row vanished');
  if (first.client_ref === row.client_ref) return { outcome: 'checked-in', attendee, at: first.scanned_at };
  if (Date.parse(at) < Date.parse(first.scanned_at) - SAME_MOMENT_MS && (await keepEarlierScan(trx, first.id, row))) {
    await markRegistration(trx, ticket, point, at);
    return { outcome: 'checked-in', attendee, at, replaced: true };
  }
  await countDuplicate(trx, first.id);
  return { outcome: 'duplicate', attendee, first: { at: first.scanned_at, deviceId: first.device_id } };
}

/** One scan at a check-in point; a check-in by a staff member is audited in its transaction. */
export async function scanTicket(deps: Deps, scan: ScanInput, actor?: Actor): Promise<ScanResult> {
  const point = findPoint(deps.catalog, scan.pointId);
  if (!point) throw new DomainError('InvalidInput', { point: 'form.error.choice' });
  const id = ticketIdOf(deps, scan.code);
  if (!id) return { outcome: 'refused', reason: 'unknown-code' };
  return inTransaction(deps.db, async (trx) => {
    const ticket = await findTicket(trx, deps.catalog.edition, id);
    if (!ticket) return { outcome: 'refused', reason: 'unknown-code' } as const;
    const result = await record(trx, deps, point, ticket, scan);
    if (actor && result.outcome === 'checked-in') {
      await audit(
        { db: trx, clock: deps.clock },
        actor,
        'checkin.scan',
        { type: ticket.kind, id: ticket.row.id },
        { point: point.id, device: scan.deviceId.slice(0, 64) },
      );
    }
    return result;
  });
}

/** Scans a device made offline, in the order it made them; one answer per scan. */
export async function syncScans(deps: Deps, scans: ScanInput[], actor?: Actor): Promise<ScanResult[]> {
  if (scans.length > MAX_SYNC_BATCH) throw new DomainError('InvalidInput', { scans: 'form.error.tooLong' });
  const results: ScanResult[] = [];
  for (const scan of scans) results.push(await scanTicket(deps, scan, actor));
  return results;
}
