/** The driver's error code (PostgreSQL SQLSTATE, SQLite result code), if the error has one. */
export function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/** A unique constraint refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** take_seat (PostgreSQL, migration 2026-12-06T0301) found the seats it was asked for gone. */
export const isSeatMissing = (error: unknown): boolean => errorCode(error) === 'SEAT0';

/** seats_gone (PostgreSQL, migration 2026-12-06T1400) found every seat it was asked about free. */
export const isSeatFree = (error: unknown): boolean => errorCode(error) === 'SEAT1';

/** count_hit (PostgreSQL, migration 2026-12-07T1300) found a window past its limit: the window's index (its detail). */
export function limitPassed(error: unknown): number | undefined {
  if (errorCode(error) !== 'LIMIT') return undefined;
  const which = Number((error as { detail?: unknown }).detail);
  return Number.isInteger(which) && which >= 0 ? which : undefined;
}
