/** One registration's name badge (A6 PDF), for the registration desk. */
import type { APIRoute } from 'astro';
import { renderOneBadge } from '../../../../features/printouts/badges.service.ts';
import { DomainError } from '../../../../features/shared/domain-error.ts';
import { isLocale } from '../../../../i18n/t.ts';
import { services } from '../../../../server/services.ts';
import { pdfResponse, plainStatus, staffApiGate } from '../../../../server/staff-api.ts';

export const prerender = false;

export const GET: APIRoute = async (context) => {
  const { locale, id = '' } = context.params;
  if (!isLocale(locale) || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) return plainStatus(404);
  const gate = await staffApiGate(context, 'registration:read');
  if ('status' in gate) return plainStatus(gate.status);
  const { deps } = await services();
  try {
    return pdfResponse(await renderOneBadge(deps, locale, id), `badge-${id.slice(0, 8)}.pdf`);
  } catch (error) {
    if (error instanceof DomainError) return plainStatus(404);
    throw error;
  }
};
