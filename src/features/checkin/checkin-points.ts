/** The check-in points of the current edition, from the program: entrance, each parallel session, the 12345 center. */
import type { Catalog } from '../registration/catalog.ts';
import type { CheckInPoint } from './checkin.types.ts';

export const ENTRANCE = 'entrance';
export const CENTER = 'center';
const SESSION_PREFIX = 'session:';

export function checkInPoints(catalog: Catalog): CheckInPoint[] {
  const points: CheckInPoint[] = [{ id: ENTRANCE, kind: 'entrance' }];
  for (const session of catalog.sessions.filter((s) => s.kind === 'parallel')) {
    points.push({
      id: `${SESSION_PREFIX}${session.id}`,
      kind: 'session',
      label: {
        en: `${session.code} ${session.title.en ?? session.title.zh ?? ''}`.trim(),
        zh: `${session.code} ${session.title.zh ?? session.title.en ?? ''}`.trim(),
      },
      room: session.room,
      sessionId: session.id,
    });
  }
  if (catalog.visits.slots.length > 0) points.push({ id: CENTER, kind: 'center' });
  return points;
}

export function findPoint(catalog: Catalog, pointId: string): CheckInPoint | undefined {
  return checkInPoints(catalog).find((p) => p.id === pointId);
}
