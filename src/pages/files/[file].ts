import type { APIRoute } from 'astro';
import { servedUpload } from '../../server/uploaded-files.ts';

export const prerender = false;

/** An uploaded file (a paper's PDF, a speaker's photo) by its SHA-256: immutable, cached for a year. */
export const GET: APIRoute = ({ params, request }) => servedUpload(params.file ?? '', request, false);
export const HEAD: APIRoute = ({ params, request }) => servedUpload(params.file ?? '', request, true);
