/** What the check-in screen shows: the answer card (colour, sound, attendee) and the status line. */
import type { AttendeeCard, ScanResult } from '../../features/checkin/checkin.types.ts';
import { beep, type Tone } from './feedback.ts';

export type Say = (key: string, params?: Record<string, string>) => string;

export const sayWith =
  (strings: Record<string, string>): Say =>
  (key, params = {}) =>
    (strings[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');

const clock = (iso: string) => new Date(iso).toLocaleTimeString();

export class ScreenView {
  private readonly el: HTMLElement;
  private readonly s: Say;

  constructor(el: HTMLElement, s: Say) {
    this.el = el;
    this.s = s;
  }

  private part(selector: string): HTMLElement {
    const found = this.el.querySelector<HTMLElement>(selector);
    if (!found) throw new Error(`check-in screen lacks ${selector}`);
    return found;
  }

  status(state: { rosterSize: number; rosterAt: string; queued: number }): void {
    const s = this.s;
    this.part('[data-status]').textContent = [
      navigator.onLine ? s('online') : s('offline'),
      s('rosterCount', { count: String(state.rosterSize) }),
      state.rosterAt ? s('rosterAt', { time: clock(state.rosterAt) }) : '',
      state.queued ? s('queued', { count: String(state.queued) }) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    this.el.dataset.queued = String(state.queued);
  }

  private details(entry: AttendeeCard): string {
    const s = this.s;
    return [
      entry.category && s(`category.${entry.category}`),
      entry.ticket && s(`ticket.${entry.ticket}`),
      ...entry.sessions.map((id) => s(`session.${id}`)),
      entry.kind === 'booking' ? s('party', { count: String(entry.people) }) : '',
      entry.accessibility && s('access', { text: entry.accessibility }),
    ]
      .filter(Boolean)
      .join(' · ');
  }

  /** The answer in a colour over the whole card, with its sound. */
  render(tone: Tone, title: string, entry?: AttendeeCard, detail = ''): void {
    const card = this.part('[data-result]');
    card.dataset.tone = tone;
    card.hidden = false;
    this.part('[data-title]').textContent = title;
    this.part('[data-detail]').textContent = detail;
    this.part('[data-name]').textContent = entry?.name ?? '';
    this.part('[data-org]').textContent = entry?.organization ?? '';
    this.part('[data-extra]').textContent = entry ? this.details(entry) : '';
    beep(tone);
  }

  checkedIn(entry: AttendeeCard): void {
    this.render('ok', this.s('checkedIn'), entry);
  }

  duplicate(entry: AttendeeCard, at: string, device: string): void {
    this.render('duplicate', this.s('duplicate'), entry, this.s('firstAt', { time: clock(at), device }));
  }

  refused(reason: string, entry?: AttendeeCard): void {
    this.render('refused', this.s('refused'), entry, this.s(`reason.${reason}`));
  }

  server(r: ScanResult): void {
    if (r.outcome === 'checked-in') this.checkedIn(r.attendee);
    else if (r.outcome === 'duplicate') this.duplicate(r.attendee, r.first.at, r.first.deviceId);
    else this.refused(r.reason, r.attendee);
  }
}
