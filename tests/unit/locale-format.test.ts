import { describe, expect, it } from 'vitest';
import { formatList } from '../../src/lib/list.ts';
import { formatMoney } from '../../src/lib/money.ts';

describe('locale-aware formatting', () => {
  it('test_lists_use_the_comma_of_each_language', () => {
    expect(formatList(['Speaker A', 'Speaker B', 'Speaker C'], 'en')).toBe('Speaker A, Speaker B, Speaker C');
    expect(formatList(['演讲人甲', '演讲人乙', '演讲人丙'], 'zh')).toBe('演讲人甲、演讲人乙、演讲人丙');
    expect(formatList(['一'], 'zh')).toBe('一');
    expect(formatList([], 'en')).toBe('');
  });

  it('test_prices_show_the_code_in_english_and_the_yuan_sign_in_chinese', () => {
    expect(formatMoney(120_000, 'CNY', 'en')).toBe('CNY\u00a01,200.00'); // a no-break space keeps code and amount together
    expect(formatMoney(120_000, 'CNY', 'zh')).toBe('¥1,200');
    expect(formatMoney(120_050, 'CNY', 'zh')).toBe('¥1,200.50');
    expect(formatMoney(0, 'CNY', 'zh')).toBe('¥0');
    expect(formatMoney(1_200, 'USD', 'zh')).toBe('US$12');
  });
});
