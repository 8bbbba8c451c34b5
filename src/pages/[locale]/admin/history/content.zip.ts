/** The published content folder as a ZIP (content:write): what a git repository's content/ should hold. */
import type { APIRoute } from 'astro';
import { isLocale } from '../../../../i18n/t.ts';
import { plainStatus, staffApiGate } from '../../../../server/staff-api.ts';
import { contentZip } from '../../../../server/publishing.ts';

export const prerender = false;

export const GET: APIRoute = async (context) => {
  if (!isLocale(context.params.locale)) return new Response(null, { status: 404 });
  // the workspace's gate for non-page routes: an admin without the authenticator app is refused too
  const gate = await staffApiGate(context, 'content:write');
  if ('status' in gate) return plainStatus(gate.status);
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
