/**
 * Open Graph pictures (1200×630 PNG), drawn on request and kept on disk (og-cache.ts): the text
 * is turned into glyph outlines from the embedded font (Noto Sans SC, as in the PDFs), so the
 * picture does not depend on the fonts of the machine, and sharp converts the SVG to PNG. No
 * third-party service.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { create, type Font } from 'fontkitten';
import { fontDir } from '../printouts/fonts.ts';

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;
const MARGIN = 80;

/** Version of the drawing: change it with ogSvg, so pictures cached on disk are drawn again. */
export const OG_DRAWING = 1;

export interface OgCard {
  /** the page's title, up to three lines, shortened with … beyond */
  title: string;
  /** a line above the title: kind of page, day and time */
  kicker?: string | undefined;
  /** the line at the bottom: the forum's name */
  footer: string;
}

let font: Font | undefined;
function loadFont(): Font {
  font ??= create(readFileSync(join(fontDir(), 'NotoSansSC-Regular.ttf'))) as Font;
  return font;
}

/** Breaks text into lines no wider than `width` at `size` px: Latin at spaces, Chinese anywhere. */
export function wrapText(text: string, size: number, width: number, maxLines: number, measure = advance): string[] {
  const units = text.match(/\p{Script=Han}[，。、；：！？）》”]*|[^\s\p{Script=Han}]+\s*|\s+/gu) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const unit of units) {
    if (line && measure(line + unit.trimEnd(), size) > width) {
      lines.push(line.trimEnd());
      line = unit.trimStart();
    } else line += unit;
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1];
  while (last && measure(`${last}…`, size) > width) last = [...last].slice(0, -1).join('');
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}

function advance(text: string, size: number): number {
  const f = loadFont();
  let units = 0;
  for (const ch of text) units += f.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth;
  return (units * size) / f.unitsPerEm;
}

/** One line of text as an SVG path at baseline (x, y). */
function textPath(text: string, x: number, y: number, size: number, fill: string): string {
  const f = loadFont();
  const scale = size / f.unitsPerEm;
  let pen = 0;
  const parts: string[] = [];
  for (const ch of text) {
    const glyph = f.glyphForCodePoint(ch.codePointAt(0)!);
    const d = glyph.path.toSVG();
    if (d) parts.push(`<path transform="translate(${(x + pen * scale).toFixed(1)} ${y}) scale(${scale} ${-scale})" d="${d}"/>`);
    pen += glyph.advanceWidth;
  }
  return `<g fill="${fill}">${parts.join('')}</g>`;
}

export function ogSvg(card: OgCard): string {
  const width = OG_WIDTH - 2 * MARGIN;
  const titleSize = 64;
  const lines = wrapText(card.title, titleSize, width, 3);
  const kicker = card.kicker ? wrapText(card.kicker, 34, width, 1)[0] : undefined;
  const titleTop = 150 + (kicker ? 70 : 0);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${OG_WIDTH}" height="${OG_HEIGHT}" viewBox="0 0 ${OG_WIDTH} ${OG_HEIGHT}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<rect width="100%" height="16" fill="#a4161a"/>`,
    kicker ? textPath(kicker, MARGIN, 150, 34, '#7d0f12') : '',
    ...lines.map((l, i) => textPath(l, MARGIN, titleTop + i * 84, titleSize, '#1b1f24')),
    `<rect x="${MARGIN}" y="${OG_HEIGHT - 130}" width="${width}" height="2" fill="#d5dae1"/>`,
    textPath(wrapText(card.footer, 32, width, 1)[0] ?? '', MARGIN, OG_HEIGHT - 70, 32, '#4a5360'),
    `</svg>`,
  ].join('');
}

export async function renderOgPng(card: OgCard): Promise<Buffer> {
  return sharp(Buffer.from(ogSvg(card)))
    .png({ compressionLevel: 9, palette: true, effort: 1 })
    .toBuffer();
}
