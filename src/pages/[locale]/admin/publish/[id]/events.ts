/**
 * Progress of a publish as server-sent events (content:write): state and progress lines read
 * from the revision every second until it is published or failed
 * (src/server/progress-stream.ts).
 */
import type { APIRoute } from 'astro';
import { isLocale, t, type MessageKey } from '../../../../../i18n/t.ts';
import { plainStatus, staffApiGate } from '../../../../../server/staff-api.ts';
import { progressResponse } from '../../../../../server/progress-stream.ts';
import { isFinished, revisionStatus } from '../../../../../server/publishing.ts';

export const prerender = false;

export const GET: APIRoute = async (context) => {
  const { locale, id } = context.params;
  const revisionId = Number(id);
  if (!isLocale(locale) || !Number.isInteger(revisionId) || revisionId < 1) return new Response(null, { status: 404 });
  // the workspace's gate for non-page routes: an admin without the authenticator app is refused too
  const gate = await staffApiGate(context, 'content:write');
  if ('status' in gate) return plainStatus(gate.status);
  const first = await revisionStatus(revisionId);
  if (!first) return new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return progressResponse({
    first,
    next: async () => (await revisionStatus(revisionId)) ?? undefined,
    done: (s) => isFinished(s.state),
    event: (s) => ({
      state: s.state,
      stateLabel: t(locale, `publishing.state.${s.state}` as MessageKey),
      log: s.log,
      finished: isFinished(s.state),
    }),
    signal: context.request.signal,
  });
};
