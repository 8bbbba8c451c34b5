/** What the "check your email" page shows (pages/[locale]/check-email/index.astro), the one answer of the registration and booking forms. */
import type { Services } from '../services.ts';
import { production } from '../config.ts';
import type { Locale } from '../../i18n/locale.ts';
import { formatInstant } from '../../lib/format-instant.ts';
import { routes, type CheckEmailFor } from '../../lib/routes.ts';

export interface CheckEmailPageView {
  what: CheckEmailFor;
  /** open the link by then: formatted in the event's time zone, zone named; undefined without confirmation */
  by?: string | undefined;
  /** where to ask for the link again */
  resendHref: string;
  /** the local mail outbox (embedded default, no email service): never in production */
  outboxHref?: string | undefined;
}

/** The folder the local mailer writes to, when emails go there and this is not production. */
export function localOutboxDir(services: Pick<Services, 'outboxDir'>): string | undefined {
  return production ? undefined : services.outboxDir;
}

/**
 * Built from the address alone (`for`, and `by` when confirmation is on), which the forms set
 * from the time they were sent: the page cannot differ between a new and a known address.
 */
export function checkEmailPageView(
  services: Pick<Services, 'deps' | 'outboxDir'>,
  query: URLSearchParams,
  locale: Locale,
): CheckEmailPageView {
  const what: CheckEmailFor = query.get('for') === 'booking' ? 'booking' : 'registration';
  const by = query.get('by') ?? '';
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/.test(by) ? new Date(by) : undefined;
  const valid = instant !== undefined && !Number.isNaN(instant.getTime());
  return {
    what,
    by: valid ? formatInstant(instant, locale, services.deps.catalog.event.timezone) : undefined,
    resendHref: routes.my(locale),
    outboxHref: localOutboxDir(services) ? routes.devOutbox() : undefined,
  };
}
