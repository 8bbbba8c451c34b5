import type { APIRoute } from 'astro';
import { sql } from 'kysely';
import { services } from '../../server/services.ts';
import { log } from '../../server/log.ts';

export const prerender = false;

/** Liveness and readiness: also starts the background jobs when the server boots. */
export const GET: APIRoute = async () => {
  try {
    const { deps, mailer } = await services();
    await sql`select 1`.execute(deps.db);
    return Response.json({ ok: true, database: deps.dialect, payments: deps.payments.provider, mail: mailer.kind });
  } catch (error) {
    // Startup problems (configuration, database, content) carry no personal data.
    log.error(`not ready: ${error instanceof Error ? error.message : String(error)}`);
    return Response.json({ ok: false }, { status: 503 });
  }
};
