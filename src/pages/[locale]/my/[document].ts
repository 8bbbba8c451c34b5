import type { APIRoute } from 'astro';
import { isLocale } from '../../../i18n/t.ts';
import { services } from '../../../server/services.ts';
import { requirePerson } from '../../../server/person.ts';
import { attendeeDocument } from '../../../server/attendee-printouts.ts';
import type { MyFile } from '../../../lib/routes.ts';
import { isDomainError } from '../../../features/shared/domain-error.ts';

export const prerender = false;

const names = new Set<MyFile>(['ticket.pdf', 'ticket.png', 'agenda.ics', 'letter.pdf', 'receipt.pdf']);

/** The attendee's own files; only with the access cookie, never cached by shared caches. */
export const GET: APIRoute = async ({ params, cookies }) => {
  const name = params.document as MyFile;
  if (!isLocale(params.locale) || !names.has(name)) return new Response('Not found', { status: 404 });
  const { deps } = await services();
  try {
    const personId = await requirePerson(deps, cookies);
    const file = await attendeeDocument(deps, personId, name, params.locale);
    return new Response(new Uint8Array(file.body), {
      headers: {
        'Content-Type': file.type,
        'Content-Disposition': `attachment; filename="${file.filename}"`,
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (error) {
    if (isDomainError(error, 'InvalidToken')) return new Response('Open your registration link first.', { status: 401 });
    if (isDomainError(error)) return new Response('Not available.', { status: 404 });
    throw error;
  }
};
