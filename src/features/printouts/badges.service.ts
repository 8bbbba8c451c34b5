/**
 * The badges of the edition's confirmed registrations (all, one category, or one person):
 * name (and the passport's spelling when it differs), organization, category band in the
 * content's category order, and the ticket code.
 */
import type { RegistrationTable } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { str, type Locale } from '../../i18n/locale.ts';
import { DomainError } from '../shared/domain-error.ts';
import { BAND_COLOURS, renderBadgesPdf, type BadgeInput } from './badge-pdf.tsx';
import { ticketCode } from './ticket-code.ts';

export interface BadgeSelection {
  layout: 'a6' | 'a4';
  /** one category id, or all */
  category?: string | undefined;
}

type Row = Pick<RegistrationTable, 'id' | 'name' | 'passport_name' | 'organization' | 'category_id'>;

function badgeOf(deps: Deps, locale: Locale, row: Row): BadgeInput {
  const order = deps.catalog.categories.findIndex((c) => c.id === row.category_id);
  const category = deps.catalog.categories[order];
  const other = row.passport_name?.trim();
  return {
    name: row.name,
    otherName: other && other.toLowerCase() !== row.name.trim().toLowerCase() ? other : undefined,
    organization: row.organization,
    category: category ? str(category.label, locale) : row.category_id,
    band: BAND_COLOURS[Math.max(order, 0) % BAND_COLOURS.length] ?? '#3d3d3d',
    code: ticketCode(deps.keys.tickets, row.id),
    reference: row.id.slice(0, 8).toUpperCase(),
  };
}

const columns = ['id', 'name', 'passport_name', 'organization', 'category_id'] as const;

/** The confirmed registrations a bulk run prints, by name. */
export async function badgesToPrint(deps: Deps, locale: Locale, selection: BadgeSelection): Promise<BadgeInput[]> {
  let query = deps.db
    .selectFrom('registration')
    .select(columns)
    .where('edition', '=', deps.catalog.edition)
    .where('status', '=', 'confirmed');
  if (selection.category) query = query.where('category_id', '=', selection.category);
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map((row) => badgeOf(deps, locale, row));
}

function pdfInput(deps: Deps, locale: Locale, layout: 'a6' | 'a4', badges: BadgeInput[]) {
  const event = deps.catalog.event;
  return { locale, eventName: str(event.name, locale), layout, badges, sample: event.sample };
}

/** Bulk badges as one PDF; `progress(done, total)` as it goes. */
export async function renderBadges(
  deps: Deps,
  locale: Locale,
  selection: BadgeSelection,
  progress?: (done: number, total: number) => void,
): Promise<{ pdf: Buffer; count: number }> {
  const badges = await badgesToPrint(deps, locale, selection);
  return { pdf: await renderBadgesPdf(pdfInput(deps, locale, selection.layout, badges), progress), count: badges.length };
}

/** One registration's badge (A6), whatever its status (the desk decides whom to hand it). */
export async function renderOneBadge(deps: Deps, locale: Locale, registrationId: string): Promise<Buffer> {
  const row = await deps.db
    .selectFrom('registration')
    .select(columns)
    .where('id', '=', registrationId)
    .where('edition', '=', deps.catalog.edition)
    .executeTakeFirst();
  if (!row) throw new DomainError('NotFound');
  return renderBadgesPdf(pdfInput(deps, locale, 'a6', [badgeOf(deps, locale, row)]));
}
