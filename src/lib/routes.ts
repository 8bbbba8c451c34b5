/**
 * The route table: every address the code builds (links in pages, emails and exports,
 * redirects after forms, return addresses for the payment provider) comes from here.
 * Paths are site-relative ("/en/my/"); `absolute()` puts the public origin in front.
 */
import type { Locale } from '../i18n/locale.ts';

/** Notices "my registration" shows after a form succeeded (the `?x=1` of its address). */
export type MyNotice =
  | 'signedIn'
  | 'confirmed'
  | 'signedOut'
  | 'signedOutEverywhere'
  | 'sent'
  | 'changed'
  | 'cancelled'
  | 'paid'
  | 'booked'
  | 'bookingChanged'
  | 'bookingCancelled'
  | 'paymentRetry'
  | 'linkInvalid';

const noticeQuery: Record<MyNotice, string> = {
  signedIn: 'signedIn=1',
  confirmed: 'confirmed=1',
  signedOut: 'signedOut=1',
  signedOutEverywhere: 'signedOutEverywhere=1',
  sent: 'sent=1',
  changed: 'changed=1',
  cancelled: 'cancelled=1',
  paid: 'paid=1',
  booked: 'booked=1',
  bookingChanged: 'bookingChanged=1',
  bookingCancelled: 'bookingCancelled=1',
  paymentRetry: 'payment=retry',
  linkInvalid: 'link=invalid',
};

/** What a form just sent for confirmation ("check your email" page). */
export type CheckEmailFor = 'registration' | 'booking';

/** An ISO instant cut to the minute ("2026-12-01T10:45Z"): the "check your email" page shows it. */
const toMinute = (instant: string) => `${instant.slice(0, 16)}Z`;

/** Files "my registration" offers for download (`/en/my/ticket.pdf` …). */
export type MyFile = 'ticket.pdf' | 'ticket.png' | 'agenda.ics' | 'letter.pdf' | 'receipt.pdf';

/** Facets of the papers index with static pages of their own. */
export type PaperFacet = 'collection' | 'keyword' | 'year' | 'language';

export const routes = {
  home: (locale: Locale) => `/${locale}/`,
  /** `edition`: a past edition's path ("2024"); the current edition's pages have none */
  program: (locale: Locale, edition?: string) => `/${locale}/${edition ? `${edition}/` : ''}program/`,
  programIcs: (locale: Locale) => `/${locale}/program.ics`,
  schedule: (locale: Locale) => `/${locale}/schedule.json`,
  session: (locale: Locale, id: string, edition?: string) => `/${locale}/${edition ? `${edition}/` : ''}sessions/${id}/`,
  sessionIcs: (locale: Locale, id: string) => `/${locale}/sessions/${id}.ics`,
  speakers: (locale: Locale, edition?: string) => `/${locale}/${edition ? `${edition}/` : ''}speakers/`,
  speaker: (locale: Locale, id: string, edition?: string) => `/${locale}/${edition ? `${edition}/` : ''}speakers/${id}/`,
  /** the archive: every edition of the forum */
  editions: (locale: Locale) => `/${locale}/editions/`,
  papers: (locale: Locale) => `/${locale}/papers/`,
  /** page `page` (from 1) of the papers index; page 1 is the index itself */
  papersPage: (locale: Locale, page: number) => `/${locale}/papers/${page > 1 ? `page/${page}/` : ''}`,
  paper: (locale: Locale, id: string) => `/${locale}/papers/${id}/`,
  paperBib: (locale: Locale, id: string) => `/${locale}/papers/${id}.bib`,
  paperRis: (locale: Locale, id: string) => `/${locale}/papers/${id}.ris`,
  paperFacet: (locale: Locale, facet: PaperFacet, value: string | number) => `/${locale}/papers/${facet}/${value}/`,
  /** page `page` (from 1) of a facet page; page 1 is the facet page itself */
  paperFacetPage: (locale: Locale, facet: PaperFacet, value: string | number, page: number) =>
    `/${locale}/papers/${facet}/${value}/${page > 1 ? `page/${page}/` : ''}`,
  papersRss: (locale: Locale) => `/${locale}/papers/rss.xml`,
  /** Open Graph picture of a page: "program", "sessions/{id}" or "papers/{id}" */
  ogImage: (locale: Locale, path: string) => `/${locale}/og/${path}.png`,
  publication: (locale: Locale, id: string) => `/${locale}/publications/${id}/`,
  /** a prose page from content/pages (venue, visa, privacy …) */
  page: (locale: Locale, slug: string) => `/${locale}/${slug}/`,
  search: (locale: Locale) => `/${locale}/search/`,
  manifest: (locale: Locale) => `/${locale}/manifest.webmanifest`,
  /** the ticket kept for offline use (QR and summary) */
  myTicket: (locale: Locale) => `/${locale}/my/ticket/`,
  visits: (locale: Locale) => `/${locale}/visits/`,
  bookVisit: (locale: Locale) => `/${locale}/visits/book/`,
  register: (locale: Locale) => `/${locale}/register/`,
  my: (locale: Locale, notice?: MyNotice) => `/${locale}/my/${notice ? `?${noticeQuery[notice]}` : ''}`,
  myFile: (locale: Locale, file: MyFile) => `/${locale}/my/${file}`,
  /** the magic link: a page with one "Continue" button; only its POST signs the browser in */
  access: (locale: Locale, token: string) => `/${locale}/my/access/${token}/`,
  /**
   * Where the registration and booking forms always lead: "we sent you an email". `by` (the
   * time to confirm, when confirmation is on) depends only on when the form was sent, never on
   * whether the address was known.
   */
  checkEmail: (locale: Locale, what: CheckEmailFor, by?: string | null) =>
    `/${locale}/check-email/?for=${what}${by ? `&by=${toMinute(by)}` : ''}`,
  simulatedCheckout: (locale: Locale, checkoutId: string) => `/${locale}/pay/simulated/${checkoutId}/`,
  stripeWebhook: () => '/api/stripe/webhook',
  health: () => '/api/health',
  devOutbox: () => '/dev/outbox/',
} as const;

/** An absolute address on the public site (SITE_URL without a trailing slash, then the path). */
export function absolute(siteUrl: string, path: string): string {
  return `${siteUrl.replace(/\/+$/, '')}${path}`;
}

/** The locale a site path belongs to ("/zh/my/" → "zh"), or undefined outside the locales. */
export function localeOfPath(path: string): Locale | undefined {
  const match = /^\/(en|zh-hant|zh)(?=\/|$)/.exec(path);
  return match ? (match[1] as Locale) : undefined;
}
