import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ogKey, ogPicture } from '../../src/features/og/og-cache.ts';
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

describe('Open Graph pictures on request', () => {
  const card = { kicker: 'Program', title: 'Modernization for People-Centric Urban Management', footer: 'Forum · 2026' };
  const size = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

  it('test_a_card_is_drawn_once_kept_on_disk_and_then_read_from_there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'og-'));
    const [first, second] = await Promise.all([ogPicture(dir, card), ogPicture(dir, card)]);
    expect(size(first.png)).toEqual([1200, 630]);
    expect(second.png.equals(first.png)).toBe(true);
    expect(readdirSync(dir)).toEqual([`${ogKey(card)}.png`]);
    expect(first.etag).toBe(`"${ogKey(card)}"`);
    // The next request reads the kept file rather than drawing again.
    writeFileSync(join(dir, `${ogKey(card)}.png`), 'kept');
    expect((await ogPicture(dir, card)).png.toString()).toBe('kept');
  });

  it('test_a_changed_title_is_a_new_picture_under_a_new_name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'og-'));
    const before = await ogPicture(dir, card);
    const after = await ogPicture(dir, { ...card, title: '网格化管理与社区响应' });
    expect(after.etag).not.toBe(before.etag);
    expect(after.png.equals(before.png)).toBe(false);
    expect(readdirSync(dir).sort()).toHaveLength(2);
  });

  it('test_a_folder_that_cannot_be_written_still_gets_the_picture', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'og-')), 'not-a-folder');
    writeFileSync(file, '');
    expect(size((await ogPicture(file, card)).png)).toEqual([1200, 630]);
  });
});
