/** "CNY 1,200.00": the currency code is always shown (guests pay from many countries). */
export function formatMoney(cents: number, currency: string, locale: 'en' | 'zh'): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', {
    style: 'currency',
    currency,
    currencyDisplay: 'code',
  }).format(cents / 100);
}

/** Content prices are in major units (yuan); stored and charged in minor units (fen). */
export function toCents(price: number): number {
  return Math.round(price * 100);
}
