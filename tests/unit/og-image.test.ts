import { mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ogKey, ogPicture, pruneOgPictures } from '../../src/features/og/og-cache.ts';
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
  it('test_pictures_unused_for_a_month_and_abandoned_temporary_files_are_pruned_and_a_served_one_is_kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'og-'));
    const day = 24 * 60 * 60 * 1000;
    const ago = (ms: number) => new Date(Date.now() - ms);
    const put = (name: string, age: number) => {
      writeFileSync(join(dir, name), 'x');
      utimesSync(join(dir, name), ago(age), ago(age));
    };
    put('old-title.png', 40 * day);
    put('recent.png', 3 * day);
    put('drawing.png.abc.tmp', 2 * 60 * 60 * 1000);
    put('drawing.png.def.tmp', 60 * 1000);
    put('notes.txt', 400 * day);
    // A picture last written 40 days ago but served now is in use: serving refreshes its time.
    const served = `${ogKey(card)}.png`;
    await ogPicture(dir, card);
    utimesSync(join(dir, served), ago(40 * day), ago(40 * day));
    await ogPicture(dir, card);
    await expect.poll(() => Date.now() - statSync(join(dir, served)).mtimeMs).toBeLessThan(day);

    expect(await pruneOgPictures(dir, new Date())).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['drawing.png.def.tmp', 'notes.txt', 'recent.png', served].sort());
    // A folder not made yet (no picture drawn) is nothing to prune.
    expect(await pruneOgPictures(join(dir, 'missing'), new Date())).toBe(0);
  });
});
