/** The published content folder as a ZIP (content:write): what a git repository's content/ should hold. */
import type { APIRoute } from 'astro';
import { isLocale } from '../../../../i18n/t.ts';
import { can } from '../../../../features/staff/roles.ts';
import { currentStaff } from '../../../../server/staff.ts';
import { contentZip } from '../../../../server/publishing.ts';

export const prerender = false;

export const GET: APIRoute = async (context) => {
  if (!isLocale(context.params.locale)) return new Response(null, { status: 404 });
  const staff = await currentStaff(context);
  if (!staff) return new Response(null, { status: 401, headers: { 'Cache-Control': 'no-store' } });
  if (!can(staff.role, 'content:write')) return new Response(null, { status: 403, headers: { 'Cache-Control': 'no-store' } });
  const body = contentZip();
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': 'attachment; filename="content.zip"',
      'Content-Length': String(body.length),
      'Cache-Control': 'no-store',
    },
  });
};
