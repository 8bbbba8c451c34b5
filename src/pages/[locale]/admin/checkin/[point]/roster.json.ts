/** The point's roster for offline check-in (staff with check-in permission; never cached). */
import type { APIRoute } from 'astro';
import { rosterResponse } from '../../../../../server/checkin-api.ts';

export const prerender = false;

export const GET: APIRoute = (context) => rosterResponse(context);
