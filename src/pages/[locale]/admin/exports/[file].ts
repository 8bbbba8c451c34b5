import type { APIRoute } from 'astro';
import { isLocale, t } from '../../../../i18n/t.ts';
import { requireStaff } from '../../../../server/staff.ts';
import { services } from '../../../../server/services.ts';
import { exportPermission, exportResponse, parseExportFile } from '../../../../server/admin-exports.ts';

export const prerender = false;

/** One organizer download: signed out → sign-in, without the permission → 403; audited, never cached. */
export const GET: APIRoute = async (context) => {
  const { locale, file = '' } = context.params;
  if (!isLocale(locale)) return new Response('Not found', { status: 404 });
  const { deps } = await services();
  const request = parseExportFile(
    file,
    deps.catalog.visits.slots.map((s) => s.id),
  );
  if (!request) return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  const response = { status: undefined as number | undefined, headers: new Headers() };
  const gate = await requireStaff({ ...context, redirect: context.redirect, response }, locale, exportPermission(request));
  if (gate.kind === 'redirect') return gate.response;
  if (gate.kind === 'forbidden') {
    return new Response(t(locale, 'staff.forbidden.body'), {
      status: 403,
      headers: { 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return exportResponse(deps, gate.staff, locale, request);
};
