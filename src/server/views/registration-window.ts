/** What the home, register and visits pages say about the registration window (components/registration/RegistrationPhase.astro). */
import type { Deps } from '../../features/deps.ts';
import { registrationWindow, type RegistrationPhase } from '../../features/registration/registration-window.ts';
import type { Locale } from '../../i18n/locale.ts';
import { t } from '../../i18n/t.ts';
import { formatInstant } from '../../lib/format-instant.ts';
import { routes } from '../../lib/routes.ts';
import { services } from '../services.ts';

export interface RegistrationWindowView {
  phase: RegistrationPhase;
  /** the sentence for the phase, with the instant formatted in the event timezone (zone named) */
  message: string;
  /** registration is open: offer the form */
  open: boolean;
  registerHref: string;
  /** after the event: its papers and program */
  papersHref: string;
  programHref: string;
  archiveHref: string;
}

/** The window at the clock's now: the pages holding it render it per request (server island or on-demand page). */
export function registrationWindowView(deps: Pick<Deps, 'catalog' | 'clock'>, locale: Locale): RegistrationWindowView {
  const { catalog } = deps;
  const window = registrationWindow(catalog, deps.clock.now());
  const when = (instant: string) => formatInstant(new Date(instant), locale, catalog.event.timezone);
  const message =
    window.phase === 'before'
      ? t(locale, 'window.before', { when: when(window.opensAt!) })
      : window.phase === 'open'
        ? t(locale, 'window.open', { when: when(window.closesAt) })
        : t(locale, window.phase === 'closed' ? 'window.closed' : 'window.ended');
  return {
    phase: window.phase,
    message,
    open: window.phase === 'open',
    registerHref: catalog.event.registrationUrl ?? routes.register(locale),
    papersHref: routes.papers(locale),
    programHref: routes.program(locale),
    archiveHref: routes.editions(locale),
  };
}

/** The same, for a server island (rendered on its own request): reads the services itself. */
export async function currentRegistrationWindowView(locale: Locale): Promise<RegistrationWindowView> {
  return registrationWindowView((await services()).deps, locale);
}
