/**
 * Guards in front of every on-demand route, before Astro runs a form action: a request the
 * site cannot serve is answered here, so nothing behind it changes state for it.
 */
import { getActionContext } from 'astro:actions';
import { defineMiddleware } from 'astro:middleware';
import type { APIContext, MiddlewareNext } from 'astro';
import { isLocale } from './i18n/t.ts';
import { directForms, directFormsKey } from './actions/direct-forms.ts';

// The forms server.mjs answers before this pipeline (loaded with the first on-demand request).
(globalThis as Record<symbol, unknown>)[directFormsKey] = directForms;

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });

/** The action a request names: `?_action=name` on a page, or `/_actions/name` (the RPC form). */
function actionName(url: URL): string | undefined {
  const query = url.searchParams.get('_action');
  if (query !== null) return query;
  const rpc = /^\/_actions\/(.*)$/.exec(url.pathname);
  return rpc ? rpc[1] : undefined;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** The organizer workspace (`/admin`, `/<locale>/admin/…`): nothing of it is ever cached. */
const adminPath = /^\/(?:[a-z-]+\/)?admin(?:\/|$)/;

async function noStore(next: () => Promise<Response>): Promise<Response> {
  const response = await next();
  try {
    response.headers.set('Cache-Control', 'no-store');
  } catch {
    // an immutable response (a plain redirect) carries no page content
  }
  return response;
}

/**
 * A form post to a page (`?_action=name`): the action runs here, and when it succeeded with the
 * address to go to (every form action answers `{ ok: true, redirect }`, src/actions/run.ts) the
 * answer is that 303 at once, without rendering the page that would only return it. A failure
 * (or any other result) is handed to the page, which shows the form again with it. Astro's
 * origin check has run before this middleware.
 */
async function formAction(context: APIContext, next: MiddlewareNext): Promise<Response | undefined> {
  const actions = getActionContext(context);
  const { action } = actions;
  if (action?.calledFrom !== 'form') return undefined;
  // A post server.mjs already ran (src/actions/direct-forms.ts) carries its result: never run twice.
  const direct = context.locals.directForm;
  const result = direct?.action === action.name ? { data: direct.result, error: undefined } : await action.handler();
  const data: unknown = result.data;
  if (
    !result.error &&
    typeof data === 'object' &&
    data !== null &&
    'ok' in data &&
    data.ok === true &&
    'redirect' in data &&
    typeof data.redirect === 'string'
  ) {
    return context.redirect(data.redirect, 303);
  }
  actions.setActionResult(action.name, actions.serializeActionResult(result));
  return next();
}

export const onRequest = defineMiddleware(async (context, next) => {
  // A [locale] route in a language the site does not have is a 404 — before a form action
  // posted to it could run (Astro's i18n would turn the answer into a 404 only afterwards).
  if ('locale' in context.params && !isLocale(context.params.locale)) return text(404, 'Not found');

  const name = actionName(context.url);
  if (name !== undefined && context.request.method === 'POST') {
    // Action names are identifiers; anything else (e.g. a lone "%") names no action.
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) return text(404, 'Not found');
    // Every action takes an HTML form; other bodies (JSON, garbage) never reach the parser.
    const type = context.request.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
    if (!formTypes.includes(type)) return text(415, 'Unsupported Media Type', { Accept: formTypes.join(', ') });
    const go = adminPath.test(context.url.pathname) ? () => noStore(next) : next;
    const answered = await formAction(context, go);
    if (answered) return answered;
  }
  if (!adminPath.test(context.url.pathname)) return next();
  // Astro's origin check (security.checkOrigin) covers form bodies only; a workspace write with
  // any other body (the raw file upload) from another origin is refused here too.
  const origin = context.request.headers.get('origin');
  if (!safeMethods.has(context.request.method) && origin !== null && origin !== context.url.origin) {
    return text(403, 'Cross-site requests are forbidden');
  }
  return noStore(next);
});
