/** Who sent a request, for rate limits: the client's address as the trusted proxies report it (TRUSTED_PROXIES). */
import { clientAddress } from '../lib/client-address.ts';
import { settings } from './config.ts';

/**
 * The client's address. `clientAddress` is the socket's peer (Astro reads X-Forwarded-For
 * itself only when `security.allowedDomains` is set, which this site does not do); the header
 * is believed only as far as TRUSTED_PROXIES allows.
 */
export function clientOf(context: { clientAddress: string; request: Request }): string {
  return clientFrom(context.clientAddress, context.request.headers.get('x-forwarded-for'));
}

/** The same from the socket's peer and the X-Forwarded-For header (a form post answered before Astro, server.mjs). */
export function clientFrom(socketAddress: string, forwardedFor: string | null): string {
  return clientAddress(socketAddress, forwardedFor, settings.trustedProxies);
}
