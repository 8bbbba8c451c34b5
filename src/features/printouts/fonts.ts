/**
 * The one font of attendee PDFs: Noto Sans SC Regular (Latin + Simplified Chinese), registered
 * with @react-pdf once per process. The PDFs embed only the glyphs they use.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Font } from '@react-pdf/renderer';

export const FONT_FAMILY = 'NotoSansSC';
const FONT_FILE = 'NotoSansSC-Regular.ttf';

let registered = false;

/**
 * Directory with the TTF: FORUM_FONT_DIR, else <cwd>/assets/fonts. Not import.meta.url: the
 * server is bundled into dist/, so this module's own location differs between dev, tests and
 * production; the process always runs from the project root.
 */
export function fontDir(): string {
  return process.env.FORUM_FONT_DIR || join(process.cwd(), 'assets', 'fonts');
}

// Chinese has no spaces, so a paragraph is one "word" to react-pdf: kept whole it cannot wrap,
// split into plain syllables it wraps with a hyphen after a character. So each Han character
// (with its punctuation) becomes a unit followed by an empty syllable, a zero-width break point
// without hyphen; Latin words stay whole, never hyphenated.
const OPEN = '（《“‘「『【〔';
const CLOSE = '）》”’」』】〕，。、；：！？…·';
const UNIT = new RegExp(`[${OPEN}]*(?:\\p{Script=Han}|[^\\p{Script=Han}${OPEN}${CLOSE}]+|.)[${CLOSE}]*`, 'gsu');

export function splitForWrapping(word: string): string[] {
  if (!/\p{Script=Han}/u.test(word)) return [word];
  const units = word.match(UNIT) ?? [];
  if (units.join('') !== word) return [word];
  return units.flatMap((u, i) => (i < units.length - 1 ? [u, ''] : [u]));
}

export function registerFonts(): void {
  if (registered) return;
  const src = join(fontDir(), FONT_FILE);
  if (!existsSync(src)) throw new Error(`PDF font missing: ${src} (set FORUM_FONT_DIR)`);
  Font.register({ family: FONT_FAMILY, src });
  Font.registerHyphenationCallback(splitForWrapping);
  registered = true;
}
