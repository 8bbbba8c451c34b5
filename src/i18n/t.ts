import { locales, type Locale } from './locale.ts';
import { en, zh, zhHant, type MessageKey } from './catalogues.ts';

export type { MessageKey };
const messages: Record<Locale, Record<MessageKey, string>> = { en, zh, 'zh-hant': zhHant };

/** The UI string for key in locale, with {name} placeholders filled in. */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = messages[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Value for <html lang>: Pagefind picks its index from it, screen readers their voice. */
export const htmlLang: Record<Locale, string> = { en: 'en', zh: 'zh-CN', 'zh-hant': 'zh-Hant' };

/** Language tags for hreflang alternates: the scripts tell the two Chinese versions apart. */
export const hreflang: Record<Locale, string> = { en: 'en', zh: 'zh-Hans', 'zh-hant': 'zh-Hant' };

/** Each language's name in itself, for the language switch. */
export const localeName: Record<Locale, string> = { en: 'English', zh: '简体中文', 'zh-hant': '繁體中文' };

/** Open Graph locale names. */
export const ogLocale: Record<Locale, string> = { en: 'en_US', zh: 'zh_CN', 'zh-hant': 'zh_TW' };

export function isLocale(value: string | undefined): value is Locale {
  return locales.includes(value as Locale);
}

/** The language a page falls back to: English for both Chinese scripts, Simplified Chinese for English. */
export function otherLocale(locale: Locale): Locale {
  return locale === 'en' ? 'zh' : 'en';
}

/** The same page in another language: /en/papers/x/ ↔ /zh/papers/x/ ↔ /zh-hant/papers/x/. */
export function switchLocalePath(pathname: string, to: Locale): string {
  return pathname.replace(/^\/(en|zh-hant|zh)(?=\/|$)/, `/${to}`);
}
