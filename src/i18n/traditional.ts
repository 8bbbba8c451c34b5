/**
 * Traditional Chinese from Simplified: OpenCC's Mainland → Taiwan character conversion
 * (opencc-js, pinned). Conversions are cached; a text converted once is not converted again.
 */
import { Converter } from 'opencc-js';

const convert = Converter({ from: 'cn', to: 'tw' });
const cache = new Map<string, string>();

/** The Traditional Chinese form of a Simplified Chinese text. */
export function toTraditional(simplified: string): string {
  let done = cache.get(simplified);
  if (done === undefined) {
    done = convert(simplified);
    cache.set(simplified, done);
  }
  return done;
}
