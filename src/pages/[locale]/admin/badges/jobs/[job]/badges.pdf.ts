/** The PDF of a finished bulk badge run. */
import type { APIRoute } from 'astro';
import { isLocale } from '../../../../../../i18n/t.ts';
import { badgeJobPdf } from '../../../../../../server/badge-jobs.ts';
import { pdfResponse, plainStatus, staffApiGate } from '../../../../../../server/staff-api.ts';

export const prerender = false;

export const GET: APIRoute = async (context) => {
  if (!isLocale(context.params.locale)) return plainStatus(404);
  const gate = await staffApiGate(context, 'registration:read');
  if ('status' in gate) return plainStatus(gate.status);
  const pdf = await badgeJobPdf(context.params.job ?? '');
  return pdf ? pdfResponse(pdf, 'badges.pdf') : plainStatus(404);
};
