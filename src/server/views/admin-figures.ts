/** The live figures page: the figures service's counts as server-drawn charts, each with its table. */
import { str, type Locale } from '../../i18n/locale.ts';
import { t } from '../../i18n/t.ts';
import { formatMoney } from '../../lib/money.ts';
import { barChart, lineChart, type Chart } from '../../features/reports/charts.ts';
import { liveFigures, type Figures } from '../../features/reports/figures.service.ts';
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

type Catalog = Awaited<ReturnType<typeof services>>['deps']['catalog'];

/** How sessions, slots, categories and check-in points are named on the charts. */
function labels(catalog: Catalog, locale: Locale) {
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
  return { category, session, slot, point };
}

const card = (id: string, title: string, draw: () => Chart, size: number): FigureCard => ({
  id,
  title,
  chart: size > 0 ? draw() : undefined,
  empty: size === 0,
});

function fillCard(locale: Locale, id: string, title: string, rows: Figures['sessions'], label: (id: string) => string): FigureCard {
  const chart = () =>
    barChart({
      title,
      description: t(locale, 'figures.fill.desc'),
      valueLabel: t(locale, 'figures.seated'),
      limitLabel: t(locale, 'figures.capacity'),
      data: rows.map((r) => ({ label: label(r.id), value: r.seated, limit: r.capacity })),
    });
  return card(id, title, chart, rows.length);
}

function overTimeCard(locale: Locale, f: Figures, category: (id: string) => string): FigureCard {
  const title = t(locale, 'figures.overTime');
  const chart = () =>
    lineChart({
      title,
      description: t(locale, 'figures.overTime.desc'),
      valueLabel: t(locale, 'figures.registrations'),
      dateLabel: t(locale, 'figures.day'),
      data: f.registrationsByDay.map((d) => ({
        date: new Date(`${d.day}T00:00:00Z`),
        series: category(d.categoryId),
        value: d.cumulative,
      })),
    });
  return card('over-time', title, chart, f.registrationsByDay.length);
}

function waitingCard(locale: Locale, f: Figures, l: ReturnType<typeof labels>): FigureCard {
  const title = t(locale, 'figures.waitingLists');
  const data = [
    { label: t(locale, 'figures.mainList'), value: f.mainWaiting },
    ...f.sessions.map((r) => ({ label: l.session(r.id), value: r.waiting })),
    ...f.slots.map((r) => ({ label: l.slot(r.id), value: r.waiting })),
  ];
  const chart = () => barChart({ title, description: t(locale, 'figures.waiting.desc'), valueLabel: t(locale, 'figures.waiting'), data });
  return card('waiting', title, chart, data.length);
}

function checkInCard(locale: Locale, f: Figures, point: (id: string) => string): FigureCard {
  const title = t(locale, 'figures.checkIns');
  const chart = () =>
    barChart({
      title,
      description: t(locale, 'figures.checkIns.desc'),
      valueLabel: t(locale, 'figures.checkedIn'),
      limitLabel: t(locale, 'figures.expected'),
      data: f.checkIns.map((c) => ({ label: point(c.pointId), value: c.tickets, limit: c.expected })),
    });
  return card('checkins', title, chart, f.checkIns.length);
}

export async function figuresView(locale: Locale): Promise<FiguresView> {
  const { deps } = await services();
  const f = await liveFigures(deps);
  const l = labels(deps.catalog, locale);
  const cards = [
    overTimeCard(locale, f, l.category),
    fillCard(locale, 'sessions', t(locale, 'figures.sessions'), f.sessions, l.session),
    fillCard(locale, 'slots', t(locale, 'figures.slots'), f.slots, l.slot),
    waitingCard(locale, f, l),
    checkInCard(locale, f, l.point),
  ];
  const numbers = [
    { label: t(locale, 'figures.paymentsCount'), value: String(f.payments.count) },
    { label: t(locale, 'figures.paymentsSum'), value: formatMoney(f.payments.sumCents, f.payments.currency, locale) },
    { label: t(locale, 'figures.lettersPending'), value: String(f.lettersPending) },
    { label: t(locale, 'figures.mainList'), value: String(f.mainWaiting) },
  ];
  return { cards, numbers };
}
