/**
 * A prose page's local images in its preview: the Markdown the build's processor renders keeps a
 * local image without an address; the preview gives it the address of its file in the content
 * folder (or of the upload a draft names), and reads only images inside that folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { renderMarkdown } from '../../src/lib/markdown.ts';
import { adminRoutes } from '../../src/lib/admin-routes.ts';
import { readContentImage, withPreviewImages } from '../../src/features/editing/preview-images.ts';

let base: string;
let contentDir: string;
let png: Buffer;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'preview-images-'));
  contentDir = join(base, 'content');
  mkdirSync(join(contentDir, 'pages/en'), { recursive: true });
  mkdirSync(join(contentDir, '.hidden'), { recursive: true });
  png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#205080' } })
    .png()
    .toBuffer();
  writeFileSync(join(contentDir, 'pages/en/map.png'), png);
  writeFileSync(join(contentDir, '.hidden/map.png'), png);
  writeFileSync(join(contentDir, 'pages/en/script.png'), '<script>alert(1)</script>');
  // files beside the content folder, one reachable through a link inside it
  writeFileSync(join(base, 'secret.png'), png);
  symlinkSync(join(base, 'secret.png'), join(contentDir, 'pages/en/linked.png'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const addresses = {
  contentFile: (path: string) => adminRoutes.previewFile('en', path),
  upload: (name: string) => `/files/${name}`,
  later: (alt: string) => `[Image “${alt}”: shown here once published]`,
};

describe('readContentImage', () => {
  it('test_readContentImage_imageInsideTheFolder_itsBytesAndType', () => {
    const image = readContentImage(contentDir, 'pages/en/map.png');
    expect(image?.mediaType).toBe('image/png');
    expect(image?.bytes.equals(png)).toBe(true);
  });

  it('test_readContentImage_pathLeavingTheFolder_refused', () => {
    for (const path of ['../secret.png', 'pages/../../secret.png', 'pages/en/../../../secret.png', '/etc/x.png', `${base}/secret.png`]) {
      expect(readContentImage(contentDir, path), path).toBeUndefined();
    }
    // a link inside the folder that leads out of it
    expect(readContentImage(contentDir, 'pages/en/linked.png')).toBeUndefined();
  });

  it('test_readContentImage_notAnImageOrHiddenOrMissing_refused', () => {
    expect(readContentImage(contentDir, 'pages/en/script.png')).toBeUndefined();
    expect(readContentImage(contentDir, '.hidden/map.png')).toBeUndefined();
    expect(readContentImage(contentDir, 'pages/en/missing.png')).toBeUndefined();
    expect(readContentImage(contentDir, 'pages/en')).toBeUndefined();
  });
});

describe('withPreviewImages', () => {
  it('test_withPreviewImages_localImage_pointsAtTheAdminFileRoute', async () => {
    const { html } = await renderMarkdown('Where we meet:\n\n![A map of the venue](./map.png "The venue")');
    expect(html).not.toContain(' src=');

    const shown = withPreviewImages(html, 'pages/en/venue.md', contentDir, addresses);

    expect(shown).toContain('<img src="/en/admin/preview-file/pages/en/map.png" alt="A map of the venue" title="The venue">');
    expect(shown).not.toContain('__ASTRO_IMAGE_');
  });

  it('test_withPreviewImages_uploadNamedImageNotInTheFolder_pointsAtTheUpload', async () => {
    const name = `${'a'.repeat(64)}.jpg`;
    const { html } = await renderMarkdown(`![Portrait](./photos/${name})`);
    expect(withPreviewImages(html, 'pages/en/venue.md', contentDir, addresses)).toContain(`<img src="/files/${name}" alt="Portrait">`);
  });

  it('test_withPreviewImages_imageOutsideTheFolderOrMissing_visibleNoteNoAddress', async () => {
    const { html } = await renderMarkdown('![Outside <b>](../../../secret.png) ![Gone](./missing.png)');
    const shown = withPreviewImages(html, 'pages/en/venue.md', contentDir, addresses);
    expect(shown).toContain('<span class="preview-image-later">[Image “Outside &lt;b&gt;”: shown here once published]</span>');
    expect(shown).toContain('[Image “Gone”: shown here once published]');
    expect(shown).not.toContain('<img');
  });

  it('test_withPreviewImages_linkLeadingOutOrFileThatIsNoImage_visibleNoteNoAddress', async () => {
    // the page only checks the first bytes and the path; the same files readContentImage refuses
    const { html } = await renderMarkdown('![Linked](./linked.png) ![Script](./script.png)');
    const shown = withPreviewImages(html, 'pages/en/venue.md', contentDir, addresses);
    expect(shown).toContain('[Image “Linked”: shown here once published]');
    expect(shown).toContain('[Image “Script”: shown here once published]');
    expect(shown).not.toContain('<img');
  });

  it('test_withPreviewImages_remoteAndSiteImages_leftAsWritten', async () => {
    const { html } = await renderMarkdown('![Logo](/favicon.svg)');
    expect(withPreviewImages(html, 'pages/en/venue.md', contentDir, addresses)).toBe(html);
  });
});
