/**
 * The UI strings, one catalogue per language, kept in three files each by area:
 * site (public pages), forms (registration, visits, my registration, errors), mail
 * (emails and printouts), editions (the archive and the registration window) and staff (the
 * organizer workspace). Keys are flat and dotted; every key exists in every language.
 * Traditional Chinese is generated from the Simplified catalogue (never kept by hand), with
 * the few corrections in zh-hant/overrides.json.
 */
import enSite from './en/site.json' with { type: 'json' };
import enForms from './en/forms.json' with { type: 'json' };
import enMail from './en/mail.json' with { type: 'json' };
import enEditions from './en/editions.json' with { type: 'json' };
import enStaff from './en/staff.json' with { type: 'json' };
import enExports from './en/exports.json' with { type: 'json' };
import enFigures from './en/figures.json' with { type: 'json' };
import enAdminRegistrations from './en/admin-registrations.json' with { type: 'json' };
import enCheckin from './en/checkin.json' with { type: 'json' };
import enEditing from './en/editing.json' with { type: 'json' };
import enPublishing from './en/publishing.json' with { type: 'json' };
import zhSite from './zh-hans/site.json' with { type: 'json' };
import zhForms from './zh-hans/forms.json' with { type: 'json' };
import zhMail from './zh-hans/mail.json' with { type: 'json' };
import zhEditions from './zh-hans/editions.json' with { type: 'json' };
import zhStaff from './zh-hans/staff.json' with { type: 'json' };
import zhExports from './zh-hans/exports.json' with { type: 'json' };
import zhFigures from './zh-hans/figures.json' with { type: 'json' };
import zhAdminRegistrations from './zh-hans/admin-registrations.json' with { type: 'json' };
import zhCheckin from './zh-hans/checkin.json' with { type: 'json' };
import zhEditing from './zh-hans/editing.json' with { type: 'json' };
import zhPublishing from './zh-hans/publishing.json' with { type: 'json' };
import zhHantOverrides from './zh-hant/overrides.json' with { type: 'json' };
import { toTraditional } from './traditional.ts';

export const en = {
  ...enSite,
  ...enForms,
  ...enMail,
  ...enEditions,
  ...enStaff,
  ...enExports,
  ...enFigures,
  ...enAdminRegistrations,
  ...enCheckin,
  ...enEditing,
  ...enPublishing,
};
export type MessageKey = keyof typeof en;
export const zh: Record<MessageKey, string> = {
  ...zhSite,
  ...zhForms,
  ...zhMail,
  ...zhEditions,
  ...zhStaff,
  ...zhExports,
  ...zhFigures,
  ...zhAdminRegistrations,
  ...zhCheckin,
  ...zhEditing,
  ...zhPublishing,
};

/** Traditional Chinese: each Simplified string converted, unless overrides.json gives it. */
export function traditionalCatalogue(simplified: Record<string, string>, overrides: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(simplified).map(([key, text]) => [key, overrides[key] ?? toTraditional(text)]));
}

export const zhHant = traditionalCatalogue(zh, zhHantOverrides) as Record<MessageKey, string>;
