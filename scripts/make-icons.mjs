// The installable app's icons, drawn from public/favicon.svg on this machine (no service):
// public/icons/icon-192.png, icon-512.png and icon-maskable-512.png (a safe zone of 80 %).
// Run: node scripts/make-icons.mjs   (the PNGs are committed; rerun after changing the favicon)
import { mkdirSync, readFileSync } from 'node:fs';
import sharp from 'sharp';

const root = new URL('..', import.meta.url).pathname;
// The favicon's mark, its number smaller so it fits whatever sans-serif this machine has.
const svg = readFileSync(`${root}public/favicon.svg`, 'utf8').replace('font-size="13"', 'font-size="9.5"');
mkdirSync(`${root}public/icons`, { recursive: true });

for (const size of [192, 512]) {
  await sharp(Buffer.from(svg), { density: (72 * size) / 32 })
    .resize(size, size)
    .png()
    .toFile(`${root}public/icons/icon-${size}.png`);
}

// Maskable: full-bleed background, the mark shrunk into the middle 80 %.
const inner = Math.round(512 * 0.8);
const mark = await sharp(Buffer.from(svg.replace('rx="6"', 'rx="0"')), { density: (72 * inner) / 32 })
  .resize(inner, inner)
  .png()
  .toBuffer();
await sharp({ create: { width: 512, height: 512, channels: 4, background: '#a4161a' } })
  .composite([{ input: mark, gravity: 'centre' }])
  .png()
  .toFile(`${root}public/icons/icon-maskable-512.png`);
