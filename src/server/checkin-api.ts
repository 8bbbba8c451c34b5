/** The check-in screen's JSON endpoints: who may call them, and their answers (never cached). */
import type { APIContext } from 'astro';
import { findPoint } from '../features/checkin/checkin-points.ts';
import { parseSync } from '../features/checkin/checkin.schema.ts';
import { syncScans } from '../features/checkin/checkin.service.ts';
import { rosterPayload } from '../features/checkin/roster.service.ts';
import { DomainError } from '../features/shared/domain-error.ts';
import { pointOfSlug } from '../lib/admin-routes.ts';
import { readBodyUpTo } from './request-body.ts';
import { actorOf, type StaffUser } from './staff.ts';
import { staffApiGate } from './staff-api.ts';
import { services } from './services.ts';
import { log } from './log.ts';

/** 500 scans of at most ≈ 800 bytes each. */
const MAX_SYNC_BYTES = 512 * 1024;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });

type Gate = { staff: StaffUser; pointId: string } | { response: Response };

/** A signed-in staff member allowed to scan (an admin with the authenticator set up), and a point of this edition. */
async function gate(context: APIContext): Promise<Gate> {
  const allowed = await staffApiGate(context, 'checkin:scan');
  if ('status' in allowed) return { response: json(allowed.status, { error: allowed.status === 401 ? 'signed-out' : 'forbidden' }) };
  const { staff } = allowed;
  const { deps } = await services();
  const point = findPoint(deps.catalog, pointOfSlug(context.params.point ?? ''));
  if (!point) return { response: json(404, { error: 'not-found' }) };
  return { staff, pointId: point.id };
}

export async function rosterResponse(context: APIContext): Promise<Response> {
  const g = await gate(context);
  if ('response' in g) return g.response;
  const { deps } = await services();
  return json(200, await rosterPayload(deps, g.pointId));
}

export async function syncResponse(context: APIContext): Promise<Response> {
  const origin = context.request.headers.get('origin');
  if (origin && origin !== context.url.origin) return json(403, { error: 'cross-origin' });
  const g = await gate(context);
  if ('response' in g) return g.response;
  const body = await readBodyUpTo(context.request, MAX_SYNC_BYTES);
  if (body === undefined) return json(413, { error: 'too-large' });
  try {
    const scans = parseSync(JSON.parse(body) as unknown, g.pointId).map((s) => ({ ...s, staffId: g.staff.id }));
    const { deps } = await services();
    return json(200, { results: await syncScans(deps, scans, actorOf(g.staff)) });
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof DomainError)
      return json(400, { error: 'invalid', fields: error instanceof DomainError ? error.fields : {} });
    log.error(`check-in sync failed: ${error instanceof Error ? error.name : 'unknown error'}`);
    return json(500, { error: 'unexpected' });
  }
}
