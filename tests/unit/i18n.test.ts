import { describe, expect, it } from 'vitest';
import { en, zh, zhHant } from '../../src/i18n/catalogues.ts';
import { switchLocalePath, t } from '../../src/i18n/t.ts';

describe('UI strings', () => {
  it('test_catalogues_have_the_same_keys', () => {
    // zh is typed against en, but its files could still carry keys en lacks

    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    // zh-hant is generated from zh: every key, including ones added later, exists there too
    expect(Object.keys(zhHant).sort()).toEqual(Object.keys(en).sort());
  });

  it('test_catalogues_have_no_empty_strings', () => {
    for (const catalogue of [en, zh, zhHant]) {
      expect(Object.entries(catalogue).filter(([, v]) => v.trim() === '')).toEqual([]);
    }
  });

  it('test_placeholders_match_between_languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(names(zh[key]), key).toEqual(names(en[key]));
      expect(names(zhHant[key]), key).toEqual(names(en[key]));
    }
  });

  it('test_t_fills_placeholders', () => {
    expect(t('en', 'program.day', { n: 2 })).toBe('Day 2');
    expect(t('zh', 'program.day', { n: 2 })).toBe('第2天');
  });

  it('test_switch_keeps_the_page', () => {
    expect(switchLocalePath('/en/papers/x/', 'zh')).toBe('/zh/papers/x/');
    expect(switchLocalePath('/zh/', 'en')).toBe('/en/');
    expect(switchLocalePath('/zh', 'en')).toBe('/en');
    expect(switchLocalePath('/english/', 'zh')).toBe('/english/');
    expect(switchLocalePath('/zh-hant/papers/x/', 'zh')).toBe('/zh/papers/x/');
    expect(switchLocalePath('/zh/papers/x/', 'zh-hant')).toBe('/zh-hant/papers/x/');
    expect(switchLocalePath('/zh-hant', 'en')).toBe('/en');
  });
});
