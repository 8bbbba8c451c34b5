import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/features/og/og-image.ts';

/** Every character one unit wide: the wrapping rules without the font. */
const measure = (text: string, size: number) => [...text].length * size;

describe('Open Graph picture text', () => {
  it('test_latin_titles_wrap_at_spaces_and_chinese_anywhere', () => {
    expect(wrapText('one two three four', 1, 9, 3, measure)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('网格化管理与社区响应', 1, 4, 3, measure)).toEqual(['网格化管', '理与社区', '响应']);
  });

  it('test_chinese_punctuation_stays_with_its_character_and_long_titles_end_with_an_ellipsis', () => {
    expect(wrapText('甲乙丙，丁戊', 1, 3, 3, measure)).toEqual(['甲乙', '丙，丁', '戊']);
    expect(wrapText('aa bb cc dd', 1, 2, 2, measure)).toEqual(['aa', 'b…']);
  });
});
