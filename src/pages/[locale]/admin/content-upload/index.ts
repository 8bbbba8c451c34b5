import type { APIRoute } from 'astro';
import { isLocale, t } from '../../../../i18n/t.ts';
import { adminRoutes } from '../../../../lib/admin-routes.ts';
import { requireStaff } from '../../../../server/staff.ts';
import { uploadForField } from '../../../../server/editing.ts';
import { firstFilePart, multipartBoundary } from '../../../../server/multipart.ts';
import { isEditableCollection, isEntryId } from '../../../../features/editing/collections.ts';

export const prerender = false;

/**
 * A file for an entry's field (content:write): the form's multipart body, or the raw file as
 * the body. Not an Action (Actions hold the whole body in memory, up to 1 MB): the file is
 * streamed to disk while it is hashed. Back to the entry's form, with the file's address or the
 * reason it was refused.
 */
export const POST: APIRoute = async (context) => {
  const { locale } = context.params;
  const query = context.url.searchParams;
  const collection = query.get('collection');
  const id = query.get('id') ?? '';
  const field = query.get('field') ?? '';
  if (!isLocale(locale) || !isEditableCollection(collection) || !isEntryId(collection, id)) {
    return new Response('Not found', { status: 404, headers: { Connection: 'close' } });
  }
  const response = { status: undefined as number | undefined, headers: new Headers() };
  const gate = await requireStaff({ ...context, redirect: context.redirect, response }, locale, 'content:write');
  if (gate.kind === 'redirect') return gate.response;
  if (gate.kind === 'forbidden') {
    return new Response(t(locale, 'staff.forbidden.body'), {
      status: 403,
      headers: { 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' },
    });
  }
  const back = (params: Record<string, string>, status: 303 = 303) =>
    new Response(null, {
      status,
      headers: { Location: adminRoutes.contentEntry(locale, collection, id, params), 'Cache-Control': 'no-store', Connection: 'close' },
    });
  const body = context.request.body;
  if (!body) return back({ uploadError: 'editing.upload.empty' });
  const boundary = multipartBoundary(context.request.headers.get('content-type'));
  const file = boundary
    ? await firstFilePart(body, boundary)
    : {
        filename: query.get('name') ?? 'upload',
        data: (async function* () {
          yield* body;
        })(),
      };
  if (!file) return back({ uploadError: 'editing.upload.empty' });
  const actor = { userId: gate.staff.id, email: gate.staff.email };
  const outcome = await uploadForField(collection, field, file, actor).catch(() => ({ ok: false, error: 'editing.upload.empty' }) as const);
  return outcome.ok ? back({ [`file.${field}`]: outcome.path }) : back({ uploadError: outcome.error });
};
