/**
 * The organizers' downloads (`/<locale>/admin/exports/<name>.<xlsx|csv>`): which table each
 * name is, the permission it needs, and the answer: the reveal audited before the file leaves,
 * `attachment`, `no-store`. Visit manifests carry document numbers only for admins.
 */
import type { Deps } from '../features/deps.ts';
import { auditReveal } from '../features/staff/audit.ts';
import { can, type Permission } from '../features/staff/roles.ts';
import {
  attendeesTable,
  manifestTable,
  paymentsTable,
  registrationsTable,
  waitingTable,
  type ExportContext,
} from '../features/exports/export-tables.ts';
import { exportFileName, toCsv, toXlsx, type Table } from '../features/exports/spreadsheet.ts';
import type { Locale } from '../i18n/locale.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { t } from '../i18n/t.ts';
import type { StaffUser } from './staff.ts';
import { findBooking } from '../features/visits/visits.repository.ts';
import { bookingDocumentNumbers } from '../features/visits/visit-views.service.ts';
import type { VisitorDocument } from '../features/visits/visits.types.ts';

const actor = (staff: StaffUser) => ({ userId: staff.id, email: staff.email });

export type ExportFormat = 'xlsx' | 'csv';
export const exportNames = ['registrations', 'attendees', 'waiting', 'payments'] as const;
export type ExportName = (typeof exportNames)[number];

/** A download: one of the lists, or the manifest of a visit slot. */
export type ExportRequest =
  { kind: 'list'; name: ExportName; format: ExportFormat } | { kind: 'visit'; slotId: string; format: ExportFormat };

/** `registrations.xlsx`, `visit-<slot>.csv` … or undefined. */
export function parseExportFile(file: string, slotIds: string[]): ExportRequest | undefined {
  const match = /^([a-z0-9-]+)\.(xlsx|csv)$/.exec(file);
  if (!match) return undefined;
  const [, stem = '', ext] = match;
  const format = ext as ExportFormat;
  if ((exportNames as readonly string[]).includes(stem)) return { kind: 'list', name: stem as ExportName, format };
  const slotId = stem.startsWith('visit-') ? stem.slice('visit-'.length) : '';
  return slotIds.includes(slotId) ? { kind: 'visit', slotId, format } : undefined;
}

export const exportPermission = (request: ExportRequest): Permission => (request.kind === 'visit' ? 'visit:read' : 'registration:read');

/** Column headers and sheet names in the staff member's language. */
export function exportContext(locale: Locale): ExportContext {
  return { locale, label: (key, params) => t(locale, `staff.export.col.${key}` as MessageKey, params) };
}

async function tableOf(deps: Deps, request: ExportRequest, ctx: ExportContext, documents: boolean): Promise<Table> {
  if (request.kind === 'visit') return manifestTable(deps, ctx, request.slotId, documents);
  const build = { registrations: registrationsTable, attendees: attendeesTable, waiting: waitingTable, payments: paymentsTable }[
    request.name
  ];
  return build(deps, ctx);
}

/** Build the file for a staff member allowed to have it, audit the reveal, answer with it. */
export async function exportResponse(deps: Deps, staff: StaffUser, locale: Locale, request: ExportRequest): Promise<Response> {
  const documents = request.kind === 'visit' && can(staff.role, 'visit:reveal-documents');
  const table = await tableOf(deps, request, exportContext(locale), documents);
  const base = request.kind === 'visit' ? `visit-${request.slotId}` : request.name;
  await auditReveal(
    deps,
    actor(staff),
    'export',
    { type: 'export', id: base },
    { format: request.format, rows: table.rows.length, documents },
  );
  const name = exportFileName(base, deps.clock.now(), request.format);
  const body = request.format === 'xlsx' ? new Uint8Array(await toXlsx([table])) : toCsv(table);
  const type = request.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' },
  });
}

/**
 * One booking's document numbers, for an admin who pressed "show" on the manifest: audited,
 * and only while kept (null once purged or when none were given); undefined when not allowed.
 */
export async function revealDocuments(deps: Deps, staff: StaffUser, bookingId: string): Promise<VisitorDocument[] | null | undefined> {
  if (!can(staff.role, 'visit:reveal-documents')) return undefined;
  const booking = await findBooking(deps.db, bookingId);
  if (!booking || booking.edition !== deps.catalog.edition) return undefined;
  if (booking.id_purged_at || !booking.id_documents_enc) return null;
  await auditReveal(deps, actor(staff), 'visit-documents', { type: 'booking', id: bookingId }, { slot: booking.slot_id });
  return bookingDocumentNumbers(deps, bookingId);
}
