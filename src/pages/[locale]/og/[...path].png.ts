import { ogRoute } from '../../../site/og-route.ts';

/** Open Graph pictures, drawn on request and cached on disk (site/og-route.ts). */
export const prerender = false;

export const GET = ogRoute;
