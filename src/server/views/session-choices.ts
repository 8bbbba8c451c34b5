/** The registration's parallel-session choices as pages, emails and printouts show them. */
import type { Executor } from '../../db/transaction.ts';
import type { RegistrationTable } from '../../db/schema.ts';
import type { Catalog } from '../../features/registration/catalog.ts';
import { choicesWithPositions } from '../../features/registration/session-choice.repository.ts';
import type { Locale, Localized } from '../../i18n/locale.ts';
import { str } from '../../i18n/locale.ts';
import { t } from '../../i18n/t.ts';

/** One time block's chosen session: when and where, and whether the attendee has a seat or waits. */
export interface ChoiceView {
  blockId: string;
  sessionId: string;
  code: string;
  title: Localized;
  /** 1-based day of the forum; date YYYY-MM-DD in the event timezone */
  day: number;
  date: string;
  /** HH:MM in the event timezone */
  start: string;
  end: string;
  room: Localized;
  status: 'seated' | 'waiting';
  /** place on the session's waiting list (1 = next); absent while the registration itself waits */
  position?: number | undefined;
}

/** The choices of a registration, in time order (choices of sessions no longer in the program are left out). */
export async function choiceViews(
  db: Executor,
  catalog: Pick<Catalog, 'sessions'>,
  reg: Pick<RegistrationTable, 'id' | 'status'>,
): Promise<ChoiceView[]> {
  const views: ChoiceView[] = [];
  for (const choice of await choicesWithPositions(db, reg)) {
    const session = catalog.sessions.find((s) => s.id === choice.session_id);
    if (!session) continue;
    views.push({
      blockId: choice.block_id,
      sessionId: session.id,
      code: session.code,
      title: session.title,
      day: session.day,
      date: session.date,
      start: session.start,
      end: session.end,
      room: session.room,
      status: choice.status,
      position: choice.position,
    });
  }
  return views.sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start));
}

/** "Seat confirmed" / "Waiting list: number 3" / "Waiting with your registration". */
export function choiceStatusText(choice: ChoiceView, locale: Locale): string {
  if (choice.status === 'seated') return t(locale, 'my.choice.seated');
  if (choice.position !== undefined) return t(locale, 'my.choice.waiting', { n: choice.position });
  return t(locale, 'my.choice.waitingWithRegistration');
}

/** "P2 · Title — Waiting list: number 3", for printouts. */
export function choiceLine(choice: ChoiceView, locale: Locale): string {
  return `${choice.code} · ${str(choice.title, locale)} — ${choiceStatusText(choice, locale)}`;
}
