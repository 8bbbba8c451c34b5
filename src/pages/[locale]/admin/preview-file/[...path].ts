/**
 * An image of the content folder for a draft preview (content:write, as the preview): a prose
 * page's `![alt](./map.png)` has no built address before publishing (src/features/editing/preview-images.ts).
 * Only JPEG, PNG and WebP files inside the folder; anything else (a `..` path, a link leading out,
 * another type) is not found.
 */
import type { APIRoute } from 'astro';
import { isLocale } from '../../../../i18n/t.ts';
import { plainStatus, staffApiGate } from '../../../../server/staff-api.ts';
import { previewImage } from '../../../../server/preview.ts';

export const prerender = false;

export const GET: APIRoute = async (context) => {
  if (!isLocale(context.params.locale)) return plainStatus(404);
  const gate = await staffApiGate(context, 'content:write');
  if ('status' in gate) return plainStatus(gate.status);
  const image = previewImage(context.params.path ?? '');
  if (!image) return plainStatus(404);
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      'Content-Type': image.mediaType,
      'Content-Length': String(image.bytes.length),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
};
