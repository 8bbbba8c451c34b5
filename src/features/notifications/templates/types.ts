import type { Locale } from '../../../i18n/locale.ts';
import type { WhereAndWhenBlock } from '../../shared/where-and-when.types.ts';
export interface EmailLinks {
  /** magic link to the registration page, issued when the email is rendered */
  manage: string;
  /** checkout link for a promoted paid registration */
  pay?: string | undefined;
}

export interface TemplateProps<P> {
  locale: Locale;
  payload: P;
  links: EmailLinks;
  /** forum name in the email's language */
  siteName: string;
  /** forum dates, venue and chosen sessions, or the visit slot and meeting point (emails about a seat) */
  whereAndWhen?: WhereAndWhenBlock | undefined;
}
