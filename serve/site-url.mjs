// Links in emails and payment return addresses are built from SITE_URL. A server started on
// another port than SITE_URL names would send everyone to the wrong place: say so at start,
// and in production refuse to start without an explicit SITE_URL.
const defaultSiteUrl = 'http://localhost:4321';
const local = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/** The problem with SITE_URL for a server listening on host:port, or undefined. */
export function siteUrlProblem({ siteUrl, host, port, production }) {
  if (!siteUrl) {
    if (production) return { fatal: true, message: 'SITE_URL is required in production (the public https address of the site).' };
    siteUrl = defaultSiteUrl;
  }
  let url;
  try {
    url = new URL(siteUrl);
  } catch {
    return { fatal: true, message: `SITE_URL is not an address: ${siteUrl}` };
  }
  const sitePort = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (!production && local.has(url.hostname) && local.has(host) && sitePort !== port) {
    return {
      fatal: false,
      message: `SITE_URL is ${url.origin} but the server listens on port ${port}: links in emails and payment return addresses will point to port ${sitePort}. Set SITE_URL=http://localhost:${port} (and rebuild).`,
    };
  }
  return undefined;
}
