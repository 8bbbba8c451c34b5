/** What the announcement pages show: the form's choices, past announcements, a preview, the progress. */
import { str, type Locale } from '../../i18n/locale.ts';
import { t } from '../../i18n/t.ts';
import { renderTemplate } from '../../features/notifications/templates/render.ts';
import {
  announcementIn,
  announcementProgress,
  countRecipients,
  getAnnouncement,
  listAnnouncements,
} from '../../features/announcements/announcement.service.ts';
import type { Announcement, AnnouncementProgress } from '../../features/announcements/announcement.types.ts';
import { absolute, routes } from '../../lib/routes.ts';
import { services } from '../services.ts';

export interface Option {
  value: string;
  label: string;
}

export interface ComposeView {
  statuses: Option[];
  tickets: Option[];
  categories: Option[];
  sessions: Option[];
  slots: Option[];
  past: { id: string; subject: string; createdAt: string; status: string; total: number }[];
}

const STATUSES = ['confirmed', 'unconfirmed', 'pending_payment', 'awaiting_approval', 'waitlisted'] as const;

export async function composeView(locale: Locale): Promise<ComposeView> {
  const { deps } = await services();
  const c = deps.catalog;
  const past = await listAnnouncements(deps);
  return {
    statuses: STATUSES.map((s) => ({ value: s, label: t(locale, `announce.status.${s}`) })),
    tickets: c.tickets.map((x) => ({ value: x.id, label: str(x.name, locale) })),
    categories: c.categories.map((x) => ({ value: x.id, label: str(x.label, locale) })),
    sessions: c.sessions.filter((s) => s.kind === 'parallel').map((s) => ({ value: s.id, label: `${s.code} · ${str(s.title, locale)}` })),
    slots: c.visits.slots.map((s) => ({ value: s.id, label: `${s.date} ${s.start}` })),
    past: past.map((a) => ({
      id: a.id,
      subject: announcementIn(a, locale).subject,
      createdAt: a.createdAt,
      status: a.status,
      total: a.total,
    })),
  };
}

export interface PreviewEmail {
  locale: Locale;
  subject: string;
  text: string;
}

export interface AnnouncementPageView {
  announcement: Announcement;
  recipients: number;
  previews: PreviewEmail[];
  progress: AnnouncementProgress;
}

/** The email as a recipient reads it (plain-text part), in English and Chinese. */
async function preview(a: Announcement, locale: Locale, siteName: string, siteUrl: string): Promise<PreviewEmail> {
  const payload = { announcementId: a.id, personId: 'preview', name: t(locale, 'announce.previewName'), ...announcementIn(a, locale) };
  const manage = absolute(siteUrl, routes.my(locale));
  const { subject, text } = await renderTemplate('announcement', { locale, payload, links: { manage }, siteName });
  return { locale, subject, text };
}

export async function announcementPageView(id: string): Promise<AnnouncementPageView> {
  const { deps } = await services();
  const a = await getAnnouncement(deps, id);
  const site = (l: Locale) => str(deps.catalog.event.name, l);
  return {
    announcement: a,
    recipients: a.status === 'draft' ? await countRecipients(deps, a) : a.total,
    previews: await Promise.all((['en', 'zh'] as const).map((l) => preview(a, l, site(l), deps.config.siteUrl))),
    progress: await announcementProgress(deps, id),
  };
}

export async function progressOf(id: string): Promise<AnnouncementProgress> {
  const { deps } = await services();
  return announcementProgress(deps, id);
}
