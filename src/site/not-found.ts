/** The plain 404 of the public routes made on request (citation files, Open Graph pictures). */
export const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
