import { toBibTeX } from '../../../features/papers/citation.ts';
import { citationRoute } from '../../../site/citation-route.ts';

export const prerender = false;

export const GET = citationRoute(toBibTeX, 'application/x-bibtex; charset=utf-8');
