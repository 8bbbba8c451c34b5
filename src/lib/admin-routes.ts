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
  /** check-in: choose a point, with live counts */
  checkin: (locale: Locale) => `/${locale}/admin/checkin/`,
  /** the scanner screen of one point (search: the no-JavaScript fallback; done: the last check-in's outcome) */
  checkinPoint: (locale: Locale, pointId: string, query: { q?: string; done?: string } = {}) => {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.done) params.set('done', query.done);
    const search = params.toString();
    return `/${locale}/admin/checkin/${pointSlug(pointId)}/${search ? `?${search}` : ''}`;
  },
  checkinRoster: (locale: Locale, pointId: string) => `/${locale}/admin/checkin/${pointSlug(pointId)}/roster.json`,
  checkinSync: (locale: Locale, pointId: string) => `/${locale}/admin/checkin/${pointSlug(pointId)}/sync.json`,
  /** name badges: the bulk form, one attendee's badge, a bulk job's progress and its PDF */
  badges: (locale: Locale) => `/${locale}/admin/badges/`,
  badge: (locale: Locale, registrationId: string) => `/${locale}/admin/badges/${registrationId}.pdf`,
  badgeJob: (locale: Locale, jobId: string) => `/${locale}/admin/badges/jobs/${jobId}/`,
  badgeJobPdf: (locale: Locale, jobId: string) => `/${locale}/admin/badges/jobs/${jobId}/badges.pdf`,
  /** content editing: the collections, one collection's entries, one entry's form, its preview */
  content: (locale: Locale) => `/${locale}/admin/content/`,
  contentList: (locale: Locale, collection: string, done?: string) =>
    `/${locale}/admin/content/${collection}/${done ? `?done=${encodeURIComponent(done)}` : ''}`,
  contentEntry: (locale: Locale, collection: string, id: string, query: Record<string, string> = {}) => {
    const search = new URLSearchParams(query).toString();
    return `/${locale}/admin/content/${collection}/${id}/${search ? `?${search}` : ''}`;
  },
  /** upload a file for a field of an entry (multipart POST); back to the entry's form after */
  contentUpload: (locale: Locale, collection: string, id: string, field: string) =>
    `/${locale}/admin/content-upload/?${new URLSearchParams({ collection, id, field }).toString()}`,
  contentPreview: (locale: Locale, collection: string, id: string) => `/${locale}/admin/preview/${collection}/${id}/`,
  /** an image of the content folder a preview shows (path relative to the folder: pages/en/map.png) */
  previewFile: (locale: Locale, path: string) => `/${locale}/admin/preview-file/${path.split('/').map(encodeURIComponent).join('/')}`,
  /** publishing the drafts, and the published revisions */
  publish: (locale: Locale) => `/${locale}/admin/publish/`,
  /** one publish's (or rollback's) progress, and the same as server-sent events */
  publishProgress: (locale: Locale, revisionId: number) => `/${locale}/admin/publish/${revisionId}/`,
  publishEvents: (locale: Locale, revisionId: number) => `/${locale}/admin/publish/${revisionId}/events`,
  history: (locale: Locale, page = 1) => `/${locale}/admin/history/${page > 1 ? `?page=${page}` : ''}`,
  /** one revision: its changes and the rollback form */
  historyRevision: (locale: Locale, revisionId: number) => `/${locale}/admin/history/${revisionId}/`,
  /** the published content folder as a ZIP */
  contentZip: (locale: Locale) => `/${locale}/admin/history/content.zip`,
  /** the one-time link that sets a staff password (invitation, first admin, setup of a fresh install) */
  password: (locale: Locale, token: string) => `/${locale}/admin/password/${token}/`,
};

/** A check-in point's id as an address segment ("session:x" → "session-x") and back. */
export const pointSlug = (pointId: string) => pointId.replace(/^session:/, 'session-');
export const pointOfSlug = (slug: string) => slug.replace(/^session-/, 'session:');

/** The badge of one registration (for the registration detail page). */
export const badgeUrl = (locale: Locale, registrationId: string) => adminRoutes.badge(locale, registrationId);

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
  adminRoutes.checkin(locale),
  adminRoutes.checkinPoint(locale, 'entrance'),
  adminRoutes.badges(locale),
  adminRoutes.content(locale),
  adminRoutes.contentList(locale, 'papers'),
  adminRoutes.contentEntry(locale, 'papers', 'hotline-evaluation-framework'),
  adminRoutes.contentPreview(locale, 'papers', 'hotline-evaluation-framework'),
  adminRoutes.publish(locale),
  adminRoutes.publishProgress(locale, 1),
  adminRoutes.history(locale),
  adminRoutes.historyRevision(locale, 1),
];
