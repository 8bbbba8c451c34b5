import { toRIS } from '../../../features/papers/citation.ts';
import { citationRoute } from '../../../site/citation-route.ts';

export const prerender = false;

export const GET = citationRoute(toRIS, 'application/x-research-info-systems; charset=utf-8');
