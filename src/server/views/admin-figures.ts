/** The live figures page: the figures service's counts as server-drawn charts, each with its table. */
import { str, type Locale } from '../../i18n/locale.ts';
import { t } from '../../i18n/t.ts';
import { formatMoney } from '../../lib/money.ts';
import { barChart, lineChart, type Chart } from '../../features/reports/charts.ts';
import { liveFigures } from '../../features/reports/figures.service.ts';
import { checkInPoints } from '../../features/checkin/checkin-points.ts';
import { services } from '../services.ts';

export interface FigureCard {
  id: string;
  title: string;
  chart?: Chart | undefined;
  /** when there is nothing to draw yet */
  empty: boolean;
}

export interface FiguresView {
  cards: FigureCard[];
  numbers: { label: string; value: string }[];
}

export async function figuresView(locale: Locale): Promise<FiguresView> {
  const { deps } = await services();
  const f = await liveFigures(deps);
  const catalog = deps.catalog;
  const category = (id: string) => str(catalog.categories.find((c) => c.id === id)?.label ?? { en: id }, locale);
  const session = (id: string) => catalog.sessions.find((s) => s.id === id)?.code ?? id;
  const slot = (id: string) => {
    const s = catalog.visits.slots.find((x) => x.id === id);
    return s ? `${s.date} ${s.start}` : id;
  };
  const point = (id: string) => {
    const p = checkInPoints(catalog).find((x) => x.id === id);
    if (p?.kind === 'entrance') return t(locale, 'figures.point.entrance');
    if (p?.kind === 'center') return t(locale, 'figures.point.center');
    return p?.sessionId ? session(p.sessionId) : id;
  };
  const seated = t(locale, 'figures.seated');
  const capacity = t(locale, 'figures.capacity');
  const waiting = t(locale, 'figures.waiting');
  const card = (id: string, title: string, draw: () => Chart, size: number): FigureCard => ({
    id,
    title,
    chart: size > 0 ? draw() : undefined,
    empty: size === 0,
  });
  const fillChart = (title: string, rows: typeof f.sessions, label: (id: string) => string) =>
    barChart({
      title,
      description: t(locale, 'figures.fill.desc'),
      valueLabel: seated,
      limitLabel: capacity,
      data: rows.map((r) => ({ label: label(r.id), value: r.seated, limit: r.capacity })),
    });
  const waitRows = [
    { label: t(locale, 'figures.mainList'), value: f.mainWaiting },
    ...f.sessions.map((r) => ({ label: session(r.id), value: r.waiting })),
    ...f.slots.map((r) => ({ label: slot(r.id), value: r.waiting })),
  ];
  const cards: FigureCard[] = [
    card(
      'over-time',
      t(locale, 'figures.overTime'),
      () =>
        lineChart({
          title: t(locale, 'figures.overTime'),
          description: t(locale, 'figures.overTime.desc'),
          valueLabel: t(locale, 'figures.registrations'),
          dateLabel: t(locale, 'figures.day'),
          data: f.registrationsByDay.map((d) => ({
            date: new Date(`${d.day}T00:00:00Z`),
            series: category(d.categoryId),
            value: d.cumulative,
          })),
        }),
      f.registrationsByDay.length,
    ),
    card('sessions', t(locale, 'figures.sessions'), () => fillChart(t(locale, 'figures.sessions'), f.sessions, session), f.sessions.length),
    card('slots', t(locale, 'figures.slots'), () => fillChart(t(locale, 'figures.slots'), f.slots, slot), f.slots.length),
    card(
      'waiting',
      t(locale, 'figures.waitingLists'),
      () =>
        barChart({
          title: t(locale, 'figures.waitingLists'),
          description: t(locale, 'figures.waiting.desc'),
          valueLabel: waiting,
          data: waitRows,
        }),
      waitRows.length,
    ),
    card(
      'checkins',
      t(locale, 'figures.checkIns'),
      () =>
        barChart({
          title: t(locale, 'figures.checkIns'),
          description: t(locale, 'figures.checkIns.desc'),
          valueLabel: t(locale, 'figures.checkedIn'),
          limitLabel: t(locale, 'figures.expected'),
          data: f.checkIns.map((c) => ({ label: point(c.pointId), value: c.tickets, limit: c.expected })),
        }),
      f.checkIns.length,
    ),
  ];
  const numbers = [
    { label: t(locale, 'figures.paymentsCount'), value: String(f.payments.count) },
    { label: t(locale, 'figures.paymentsSum'), value: formatMoney(f.payments.sumCents, f.payments.currency, locale) },
    { label: t(locale, 'figures.lettersPending'), value: String(f.lettersPending) },
    { label: t(locale, 'figures.mainList'), value: String(f.mainWaiting) },
  ];
  return { cards, numbers };
}
