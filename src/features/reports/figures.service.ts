/**
 * The organizers' live figures: plain counts read from the database for the current edition
 * (registrations over time by category, fill per session and visit slot, waiting lists,
 * payments, letters pending, check-ins). Pages turn them into charts (charts.ts) and tables.
 */
import { sessionCapacityId, visitCapacityId } from '../capacity/capacity.repository.ts';
import { checkInCounts } from '../checkin/checkin-views.service.ts';
import type { PointCount } from '../checkin/checkin.types.ts';
import type { Deps } from '../deps.ts';

/** Registrations still counted (not cancelled, expired or lapsed). */
const LIVE = ['unconfirmed', 'confirmed', 'pending_payment', 'awaiting_approval', 'waitlisted'] as const;

export interface DayCount {
  /** YYYY-MM-DD (UTC) */
  day: string;
  categoryId: string;
  /** registrations of the category up to and including that day */
  cumulative: number;
}

export interface FillRow {
  id: string;
  seated: number;
  capacity: number;
  waiting: number;
}

export interface Figures {
  registrationsByDay: DayCount[];
  sessions: FillRow[];
  slots: FillRow[];
  /** registrations on the forum's (main) waiting list */
  mainWaiting: number;
  payments: { count: number; sumCents: number; currency: string };
  lettersPending: number;
  checkIns: PointCount[];
}

async function registrationsByDay(deps: Deps): Promise<DayCount[]> {
  const rows = await deps.db
    .selectFrom('registration')
    .select(['created_at', 'category_id'])
    .where('edition', '=', deps.catalog.edition)
    .where('status', 'in', LIVE)
    .orderBy('created_at')
    .execute();
  const perDay = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const day = r.created_at.slice(0, 10);
    const counts = perDay.get(day) ?? new Map<string, number>();
    counts.set(r.category_id, (counts.get(r.category_id) ?? 0) + 1);
    perDay.set(day, counts);
  }
  const categories = [...new Set(rows.map((r) => r.category_id))];
  const running = new Map<string, number>();
  const out: DayCount[] = [];
  for (const [day, counts] of perDay) {
    for (const categoryId of categories) {
      running.set(categoryId, (running.get(categoryId) ?? 0) + (counts.get(categoryId) ?? 0));
      out.push({ day, categoryId, cumulative: running.get(categoryId) ?? 0 });
    }
  }
  return out;
}

async function capacities(deps: Deps): Promise<Map<string, { taken: number; limit: number }>> {
  const rows = await deps.db.selectFrom('capacity').select(['id', 'taken', 'seat_limit']).execute();
  return new Map(rows.map((r) => [r.id, { taken: Number(r.taken), limit: Number(r.seat_limit) }]));
}

async function sessionFill(deps: Deps, caps: Map<string, { taken: number; limit: number }>): Promise<FillRow[]> {
  const rows = await deps.db
    .selectFrom('session_choice')
    .innerJoin('registration', 'registration.id', 'session_choice.registration_id')
    .select(['session_choice.session_id as sessionId', 'session_choice.status as status'])
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('registration.edition', '=', deps.catalog.edition)
    .where('registration.status', 'in', LIVE)
    .groupBy(['session_choice.session_id', 'session_choice.status'])
    .execute();
  const count = (id: string, status: string) => Number(rows.find((r) => r.sessionId === id && r.status === status)?.n ?? 0);
  return deps.catalog.sessions
    .filter((s) => caps.has(sessionCapacityId(s.id)))
    .map((s) => {
      const cap = caps.get(sessionCapacityId(s.id));
      return { id: s.id, seated: cap?.taken ?? 0, capacity: cap?.limit ?? s.capacity, waiting: count(s.id, 'waiting') };
    });
}

async function slotFill(deps: Deps, caps: Map<string, { taken: number; limit: number }>): Promise<FillRow[]> {
  const rows = await deps.db
    .selectFrom('booking')
    .select('slot_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('edition', '=', deps.catalog.edition)
    .where('status', '=', 'waitlisted')
    .groupBy('slot_id')
    .execute();
  return deps.catalog.visits.slots.map((slot) => {
    const cap = caps.get(visitCapacityId(slot.id));
    return {
      id: slot.id,
      seated: cap?.taken ?? 0,
      capacity: cap?.limit ?? slot.capacity,
      waiting: Number(rows.find((r) => r.slot_id === slot.id)?.n ?? 0),
    };
  });
}

async function counts(deps: Deps) {
  const edition = deps.catalog.edition;
  const waiting = await deps.db
    .selectFrom('registration')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('edition', '=', edition)
    .where('status', '=', 'waitlisted')
    .executeTakeFirst();
  const paid = await deps.db
    .selectFrom('payment')
    .innerJoin('registration', 'registration.id', 'payment.registration_id')
    .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.sum<string | number | null>('payment.amount_cents').as('sum')])
    .where('registration.edition', '=', edition)
    .where('payment.status', '=', 'paid')
    .executeTakeFirst();
  const letters = await deps.db
    .selectFrom('registration')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('edition', '=', edition)
    .where('letter_state', '=', 'requested')
    .where('status', 'in', LIVE)
    .executeTakeFirst();
  return {
    mainWaiting: Number(waiting?.n ?? 0),
    payments: { count: Number(paid?.n ?? 0), sumCents: Number(paid?.sum ?? 0), currency: deps.catalog.currency },
    lettersPending: Number(letters?.n ?? 0),
  };
}

/** Every figure of the dashboard, read now. */
export async function liveFigures(deps: Deps): Promise<Figures> {
  const caps = await capacities(deps);
  return {
    registrationsByDay: await registrationsByDay(deps),
    sessions: await sessionFill(deps, caps),
    slots: await slotFill(deps, caps),
    ...(await counts(deps)),
    checkIns: await checkInCounts(deps),
  };
}
