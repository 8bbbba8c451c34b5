import type { Locale } from '../i18n/locale.ts';

const formats = {
  en: new Intl.ListFormat('en', { type: 'conjunction', style: 'narrow' }),
  zh: new Intl.ListFormat('zh-CN', { type: 'conjunction', style: 'narrow' }),
  'zh-hant': new Intl.ListFormat('zh-TW', { type: 'conjunction', style: 'narrow' }),
};

/** Names in a row as the language writes them: "A, B, C" in English, "A、B、C" in Chinese. */
export function formatList(items: readonly string[], locale: Locale): string {
  return formats[locale].format(items);
}
