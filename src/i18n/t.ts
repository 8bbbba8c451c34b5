import type { Locale } from './locale.ts';
import { en, zh, type MessageKey } from './catalogues.ts';

export type { MessageKey };
const messages: Record<Locale, Record<MessageKey, string>> = { en, zh };

/** The UI string for key in locale, with {name} placeholders filled in. */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = messages[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Value for <html lang>: Pagefind picks its index from it, screen readers their voice. */
export const htmlLang: Record<Locale, string> = { en: 'en', zh: 'zh-CN' };

export function isLocale(value: string | undefined): value is Locale {
  return value === 'en' || value === 'zh';
}

export function otherLocale(locale: Locale): Locale {
  return locale === 'en' ? 'zh' : 'en';
}

/** The same page in the other language: /en/papers/x/ ↔ /zh/papers/x/. */
export function switchLocalePath(pathname: string, to: Locale): string {
  return pathname.replace(/^\/(en|zh)(?=\/|$)/, `/${to}`);
}
