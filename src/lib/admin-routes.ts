/**
 * Addresses of the organizer workspace (`/<locale>/admin/…`), beside the public route table
 * (routes.ts). Every admin page is on demand and answers `Cache-Control: no-store`.
 */
import type { Locale } from '../i18n/locale.ts';

/** Notices the workspace shows after a form succeeded. */
export type AdminNotice = 'signedOut' | 'passwordSet' | 'invited' | 'changed' | 'twoFactorOn' | 'expired' | 'testSent';

export const adminRoutes = {
  home: (locale: Locale, notice?: AdminNotice) => `/${locale}/admin/${notice ? `?notice=${notice}` : ''}`,
  signIn: (locale: Locale, notice?: AdminNotice) => `/${locale}/admin/sign-in/${notice ? `?notice=${notice}` : ''}`,
  /** second step of the sign-in: the code from the authenticator app */
  code: (locale: Locale) => `/${locale}/admin/sign-in/code/`,
  /** set up the authenticator app (required for admins before anything else) */
  twoFactor: (locale: Locale) => `/${locale}/admin/two-factor/`,
  staff: (locale: Locale, notice?: AdminNotice) => `/${locale}/admin/staff/${notice ? `?notice=${notice}` : ''}`,
  audit: (locale: Locale, query: { actor?: string; action?: string; page?: number } = {}) => {
    const params = new URLSearchParams();
    if (query.actor) params.set('actor', query.actor);
    if (query.action) params.set('action', query.action);
    if (query.page && query.page > 1) params.set('page', String(query.page));
    const search = params.toString();
    return `/${locale}/admin/audit/${search ? `?${search}` : ''}`;
  },
  /** visit slots with fill and waiting parties; one slot's manifest */
  visits: (locale: Locale) => `/${locale}/admin/visits/`,
  visitManifest: (locale: Locale, slotId: string) => `/${locale}/admin/visits/${slotId}/`,
  /** the downloads page, and one download (`registrations.xlsx`, `visit-<slot>.csv` …) */
  exports: (locale: Locale) => `/${locale}/admin/exports/`,
  exportFile: (locale: Locale, file: string) => `/${locale}/admin/exports/${file}`,
  figures: (locale: Locale) => `/${locale}/admin/figures/`,
  announcements: (locale: Locale, notice?: AdminNotice) => `/${locale}/admin/announcements/${notice ? `?notice=${notice}` : ''}`,
  /** one announcement: preview and test while a draft, then its progress */
  announcement: (locale: Locale, id: string, notice?: AdminNotice) =>
    `/${locale}/admin/announcements/${id}/${notice ? `?notice=${notice}` : ''}`,
  /** server-sent events: sent / failed / total of an announcement, every second */
  announcementEvents: (locale: Locale, id: string) => `/${locale}/admin/announcements/${id}/events`,
  /** the registration list; `query` is the list's filter as query parameters (registrationListQuery) */
  registrations: (locale: Locale, query?: URLSearchParams) => {
    const search = query?.toString() ?? '';
    return `/${locale}/admin/registrations/${search ? `?${search}` : ''}`;
  },
  /** one registration; `done` names the action that just succeeded (the page says what happened) */
  registration: (locale: Locale, id: string, done?: string) =>
    `/${locale}/admin/registrations/${encodeURIComponent(id)}/${done ? `?done=${encodeURIComponent(done)}` : ''}`,
  /** the one-time link that sets a staff password (invitation, first admin, setup of a fresh install) */
  password: (locale: Locale, token: string) => `/${locale}/admin/password/${token}/`,
};

/** Every admin page a signed-out visitor must be sent away from (tests walk them). */
export const protectedAdminPaths = (locale: Locale) => [
  adminRoutes.home(locale),
  adminRoutes.twoFactor(locale),
  adminRoutes.staff(locale),
  adminRoutes.audit(locale),
  adminRoutes.visits(locale),
  adminRoutes.exports(locale),
  adminRoutes.figures(locale),
  adminRoutes.announcements(locale),
  adminRoutes.registrations(locale),
  adminRoutes.registration(locale, '00000000-0000-0000-0000-000000000000'),
];
