/** The ticket kept for offline use: who, which ticket and session, and the QR code to show. */
import type { Deps } from '../../features/deps.ts';
import { ticketCode, ticketQrSvg } from '../../features/printouts/ticket-code.ts';
import { type Locale, str } from '../../i18n/locale.ts';
import { liveRegistrationOf } from '../../features/registration/registration.service.ts';
import { myRegistrationView } from './my-registration.ts';

export interface MyTicketView {
  name: string;
  organization: string;
  ticket: string;
  /** each chosen parallel session with its state (seat confirmed, or place in line) */
  sessions: { code: string; title: string; status: string }[];
  reference: string;
  /** the QR code as an SVG data URL (no request of its own, so it shows offline) */
  qr: string;
}

/** The person's ticket once their registration is confirmed; undefined before that. */
export async function myTicketView(deps: Deps, personId: string, locale: Locale): Promise<MyTicketView | undefined> {
  const view = await myRegistrationView(deps, personId, locale);
  if (!view || view.status !== 'confirmed') return undefined;
  const reg = await liveRegistrationOf(deps, personId);
  const svg = await ticketQrSvg(ticketCode(deps.keys.tickets, reg.id));
  return {
    name: view.name,
    organization: view.organization,
    ticket: view.ticket,
    sessions: view.choices.map((c) => ({ code: c.code, title: str(c.title, locale), status: c.statusText })),
    reference: view.reference,
    qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}
