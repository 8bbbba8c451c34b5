/**
 * Form posts the app answers before Astro's request pipeline (which forms, and why:
 * src/actions/direct-forms.ts). Only a post Astro and the middleware would let through reaches
 * the action here: a form the app names, posted to its page from the site's own origin with a
 * urlencoded body of a stated length. Anything else goes on untouched (Astro refuses or serves
 * it). After the action, a success is answered 303; any other result goes on to Astro with the
 * body (the adapter reads `req.body` when set) and the result (`locals.directForm`), so the page
 * shows the form again with it and the action does not run a second time.
 */
const key = Symbol.for('forum.directForms');
/** A registration form is well under 10 KB; a larger body is left to Astro's own limits. */
const maxBytes = 64 * 1024;

/** `(req, res, next)`: answers the post, or calls `next(locals?)` for Astro. */
export function directForm(req, res, next) {
  const forms = globalThis[key];
  if (!forms || req.method !== 'POST') return next();
  const query = req.url.indexOf('?');
  if (query === -1) return next();
  const params = new URLSearchParams(req.url.slice(query + 1));
  const action = params.get('_action');
  if (action === null || params.size !== 1 || !forms.handles(req.url.slice(0, query), action)) return next();
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0].trim().toLowerCase();
  const length = Number(req.headers['content-length']);
  if (type !== 'application/x-www-form-urlencoded' || !Number.isInteger(length) || length > maxBytes) return next();
  // Astro's origin check (security.checkOrigin) compares with the address the request was sent to.
  const protocol = req.socket.encrypted ? 'https' : 'http';
  if (req.headers.origin !== `${protocol}://${req.headers.host}`) return next();

  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('error', () => res.destroy());
  req.on('end', async () => {
    const body = Buffer.concat(chunks);
    const result = await forms.submit(action, body.toString('utf8'), {
      address: req.socket.remoteAddress ?? '',
      // node joins repeated X-Forwarded-For headers with ", " as the Fetch API's Headers do
      forwardedFor: req.headers['x-forwarded-for'] ?? null,
    });
    if (result.ok) {
      res.writeHead(303, { Location: result.redirect, 'Content-Length': '0' });
      res.end();
      return;
    }
    req.body = body;
    next({ directForm: { action, result } });
  });
}
