import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { traditionalCatalogue, zh, zhHant } from '../../src/i18n/catalogues.ts';
import overrides from '../../src/i18n/zh-hant/overrides.json' with { type: 'json' };
import { listIn, pick, str } from '../../src/i18n/locale.ts';
import { toTraditional } from '../../src/i18n/traditional.ts';
import { localeOfTag, negotiateLocale } from '../../src/i18n/negotiate.ts';
import { t } from '../../src/i18n/t.ts';
import { formatDay } from '../../src/lib/zoned-time.ts';
import { formatList } from '../../src/lib/list.ts';

describe('Traditional Chinese conversion', () => {
  it('test_simplified_text_is_converted_to_traditional', () => {
    expect(toTraditional('接诉即办论坛议程')).toBe('接訴即辦論壇議程');
    expect(toTraditional('网格化管理与社区响应')).toBe('網格化管理與社區響應');
    // Latin text, digits and full-width punctuation pass through
    expect(toTraditional('12345 热线，2024年；')).toBe('12345 熱線，2024年；');
  });

  it('test_pick_converts_the_zh_text_and_an_override_wins', () => {
    expect(pick({ en: 'Program', zh: '议程' }, 'zh-hant')).toEqual({ text: '議程', lang: 'zh-hant', fallback: false });
    expect(str({ en: 'Hotline', zh: '热线', zhHant: '專線' }, 'zh-hant')).toBe('專線');
    expect(str({ en: 'Hotline', zh: '热线', zhHant: '專線' }, 'zh')).toBe('热线');
    // English only: the English text, marked as a fallback
    expect(pick({ en: 'Only English' }, 'zh-hant')).toEqual({ text: 'Only English', lang: 'en', fallback: true });
    // Traditional only in an override still counts as Chinese for zh-hant
    expect(pick({ en: 'Venue', zhHant: '會場' }, 'zh-hant').text).toBe('會場');
  });

  it('test_keyword_lists_are_converted', () => {
    expect(listIn({ en: ['hotline'], zh: ['热线', '数据'] }, 'zh-hant')).toEqual(['熱線', '數據']);
    expect(listIn({ en: ['hotline'], zh: ['热线'] }, 'zh')).toEqual(['热线']);
  });

  it('test_the_ui_catalogue_is_generated_from_simplified_with_overrides', () => {
    expect(zhHant['nav.program']).toBe(toTraditional(zh['nav.program']));
    const generated = traditionalCatalogue({ a: '退出登录', b: '议程' }, { a: '登出' });
    expect(generated).toEqual({ a: '登出', b: '議程' });
    for (const [key, text] of Object.entries(overrides)) expect(zhHant[key as keyof typeof zhHant]).toBe(text);
    expect(t('zh-hant', 'program.day', { n: 2 })).toBe('第2天');
  });

  it('test_dates_and_lists_are_written_the_traditional_way', () => {
    expect(formatDay('2024-12-19', 'zh-hant', 'Asia/Shanghai')).toBe('2024年12月19日 星期四');
    expect(formatList(['甲', '乙', '丙'], 'zh-hant')).toBe('甲、乙和丙');
  });

  it('test_the_pdf_font_has_a_glyph_for_every_character_of_the_traditional_ui', () => {
    // fontkit is the font reader @react-pdf/renderer embeds the font with
    const fontkit = createRequire(import.meta.url)('fontkit') as { create(data: Buffer): { hasGlyphForCodePoint(c: number): boolean } };
    const font = fontkit.create(readFileSync(join(process.cwd(), 'assets', 'fonts', 'NotoSansSC-Regular.ttf')));
    const characters = new Set([...Object.values(zhHant).join('')].filter((c) => /\p{Script=Han}/u.test(c)));
    expect(characters.size).toBeGreaterThan(300);
    const missing = [...characters].filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!));
    expect(missing).toEqual([]);
  });
});

describe('Accept-Language negotiation at /', () => {
  it('test_taiwan_hong_kong_and_macao_get_traditional_chinese', () => {
    expect(negotiateLocale('zh-TW')).toBe('zh-hant');
    expect(negotiateLocale('zh-HK,zh;q=0.9,en;q=0.8')).toBe('zh-hant');
    expect(negotiateLocale('zh-MO')).toBe('zh-hant');
    expect(negotiateLocale('zh-Hant-HK')).toBe('zh-hant');
    expect(negotiateLocale('zh-Hant')).toBe('zh-hant');
  });

  it('test_mainland_and_plain_chinese_get_simplified', () => {
    expect(negotiateLocale('zh-CN,zh;q=0.9')).toBe('zh');
    expect(negotiateLocale('zh')).toBe('zh');
    expect(negotiateLocale('zh-Hans-HK')).toBe('zh');
    expect(negotiateLocale('zh-SG')).toBe('zh');
  });

  it('test_quality_values_order_and_defaults', () => {
    expect(negotiateLocale('en;q=0.5, zh-TW;q=0.8')).toBe('zh-hant');
    expect(negotiateLocale('fr, en-GB;q=0.7, zh-CN;q=0.6')).toBe('en');
    expect(negotiateLocale('zh-TW;q=0, zh-CN;q=0.3')).toBe('zh');
    expect(negotiateLocale('fr')).toBe('en');
    expect(negotiateLocale(undefined)).toBe('en');
    expect(negotiateLocale('')).toBe('en');
    expect(localeOfTag('*')).toBeUndefined();
  });
});
