import type { Locale } from '../i18n/locale.ts';

/**
 * A price as its readers write it: in English with the currency code ("CNY 1,200.00":
 * guests pay from many countries), in Chinese with the symbol and no empty fen ("¥1,200",
 * "¥1,200.50").
 */
export function formatMoney(cents: number, currency: string, locale: Locale): string {
  if (locale === 'en') {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' }).format(cents / 100);
  }
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat('zh-CN', {
    style: 'currency',
    currency,
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(cents / 100);
}

/** Content prices are in major units (yuan); stored and charged in minor units (fen). */
export function toCents(price: number): number {
  return Math.round(price * 100);
}
