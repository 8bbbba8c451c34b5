/**
 * A prose page's local images in its preview. The build gives `![alt](./map.png)` its address
 * through Astro's image pipeline, which runs only at build time: the Markdown a preview renders
 * at request time keeps the image as a marker without a `src`. The preview points such an image
 * at the file itself instead: a file of the content folder (served to staff by an admin route,
 * `readContentImage`), or the upload a draft names (a publish puts it into the tree,
 * publishing/tree-images.ts). An image outside the content folder gets a visible note.
 */
import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { isSafeContentPath } from './published.ts';
import { sniff } from './upload.service.ts';

/** The image types a content folder holds as files (content-tree's binary files), by the type their bytes show. */
const imageTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);
const imageExtension = /\.(?:jpe?g|png|webp)$/i;
/** An upload as a draft names it: <sha256>.<ext> */
const uploadName = /^[0-9a-f]{64}\.(?:jpg|png|webp)$/;
/** The marker Astro's Markdown leaves for a local image (its attributes as HTML-escaped JSON). */
const imageMarker = /<img\s+__ASTRO_IMAGE_="([^"]*)"\s*\/?>/g;

/** A path the preview may read: inside the content folder, an image, no dot file or folder. */
export function isContentImagePath(path: string): boolean {
  return isSafeContentPath(path) && path.split('/').every((part) => !part.startsWith('.')) && imageExtension.test(path);
}

/** The real path of a regular file inside the content folder, or undefined (`..`, a link pointing out, missing). */
function fileInside(contentDir: string, path: string): string | undefined {
  if (!isContentImagePath(path)) return undefined;
  const root = realpathSync(contentDir);
  const file = realpathSync(join(root, ...path.split('/')));
  const inside = relative(root, file);
  return inside.startsWith(`..${sep}`) || inside === '..' || !statSync(file).isFile() ? undefined : file;
}

const imageType = (head: Buffer) => {
  const mediaType = sniff(head.subarray(0, 16));
  return mediaType && imageTypes.has(mediaType) ? mediaType : undefined;
};

/**
 * An image of the content folder (path relative to it, posix), with the type its bytes show;
 * undefined for anything else: a path leaving the folder (`..`, a link pointing out), a missing
 * file, a file that is not a JPEG, PNG or WebP image.
 */
export function readContentImage(contentDir: string, path: string): { bytes: Buffer; mediaType: string } | undefined {
  try {
    const file = fileInside(contentDir, path);
    const bytes = file && readFileSync(file);
    const mediaType = bytes && imageType(bytes);
    return bytes && mediaType ? { bytes, mediaType } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether readContentImage would give the file, from its first bytes only (the preview page only links it). */
function isContentImage(contentDir: string, path: string): boolean {
  let fd: number | undefined;
  try {
    const file = fileInside(contentDir, path);
    if (!file) return false;
    fd = openSync(file, 'r');
    const head = Buffer.alloc(16);
    return imageType(head.subarray(0, readSync(fd, head, 0, 16, 0))) !== undefined;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface PreviewImageAddresses {
  /** where staff see a file of the content folder */
  contentFile(path: string): string;
  /** where an uploaded file is served (/files/<name>) */
  upload(name: string): string;
  /** the visible note for an image the preview cannot show (the build will) */
  later(alt: string): string;
}

const unescapeAttribute = (value: string) =>
  value
    .replace(/&(?:#x22|quot);/g, '"')
    .replace(/&(?:#x27|apos);/g, "'")
    .replace(/&(?:amp|#x26|#38);/g, '&');
const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Gives each local image of a page's rendered HTML an address; `pagePath`: the page's content path (pages/en/venue.md). */
export function withPreviewImages(html: string, pagePath: string, contentDir: string, to: PreviewImageAddresses): string {
  return html.replace(imageMarker, (marker, json: string) => {
    let image: { src?: unknown; alt?: unknown; title?: unknown };
    try {
      image = JSON.parse(unescapeAttribute(json)) as typeof image;
    } catch {
      return marker;
    }
    const alt = typeof image.alt === 'string' ? image.alt : '';
    const title = typeof image.title === 'string' && image.title ? ` title="${escapeHtml(image.title)}"` : '';
    const src = typeof image.src === 'string' ? image.src : '';
    const path = posix.normalize(posix.join(posix.dirname(pagePath), src.split(/[?#]/)[0] ?? ''));
    let address: string | undefined;
    if (isContentImage(contentDir, path)) address = to.contentFile(path);
    else if (isContentImagePath(path) && uploadName.test(posix.basename(path))) address = to.upload(posix.basename(path));
    if (!address) return `<span class="preview-image-later">${escapeHtml(to.later(alt))}</span>`;
    return `<img src="${escapeHtml(address)}" alt="${escapeHtml(alt)}"${title}>`;
  });
}
