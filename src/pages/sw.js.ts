import type { APIRoute } from 'astro';
import { workerScript } from '../pwa/worker.ts';

/** The service worker, written at build time with this build's cache version. */
export const prerender = true;

const version = process.env.BUILD_ID ?? Date.now().toString(36);

export const GET: APIRoute = () => new Response(workerScript(version), { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
