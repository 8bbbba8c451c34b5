/** Scans a device made (online, or queued offline): `{ scans }` → `{ results }`, one per scan. */
import type { APIRoute } from 'astro';
import { syncResponse } from '../../../../../server/checkin-api.ts';

export const prerender = false;

export const POST: APIRoute = (context) => syncResponse(context);
