import type { APIRoute } from 'astro';
import { services } from '../../server/services.ts';
import { localOutboxDir } from '../../server/views/check-email-page.ts';
import { listLocalOutbox, readLocalMessage } from '../../features/notifications/local-mailer.ts';

export const prerender = false;

/**
 * Development only: the emails the local mailer wrote (no RESEND_API_KEY configured). Never in
 * production (404). An endpoint rather than a page, so the i18n routing (every page under
 * /en/ or /zh/) leaves it alone under `astro dev` as in the build.
 */
export const GET: APIRoute = async ({ url }) => {
  const dir = localOutboxDir(await services());
  if (!dir) return new Response(null, { status: 404 });
  const open = url.searchParams.get('message');
  if (open) {
    const message = await readLocalMessage(dir, open);
    if (!message) return new Response(null, { status: 404 });
    return html(message.html);
  }
  const rows = (await listLocalOutbox(dir)).map(
    (m) =>
      `<tr><td>${escape(m.sentAt)}</td><td>${escape(m.to)}</td>` +
      `<td><a href="/dev/outbox?message=${encodeURIComponent(m.folder)}">${escape(m.subject)}</a></td>` +
      `<td>${escape(m.attachments.join(', '))}</td></tr>`,
  );
  return html(`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>Local outbox (development)</title>
    <style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}td,th{padding:.3rem .6rem;text-align:left;vertical-align:top}</style>
  </head>
  <body>
    <main>
      <h1>Local outbox</h1>
      <p>Emails written by the local mailer because no RESEND_API_KEY is set, newest first. Not available in production.</p>
      <table>
        <thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Attachments</th></tr></thead>
        <tbody>${rows.join('')}</tbody>
      </table>
    </main>
  </body>
</html>`);
};

/** Emails are shown as written: inline styles and data: images only, nothing runs, nothing is fetched. */
function html(body: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy':
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
  });
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
