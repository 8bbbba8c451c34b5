/** A unique constraint refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** take_seat (PostgreSQL, migration 2026-12-06T0301) found the seats it was asked for gone. */
export function isSeatMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SEAT0';
}

/** seats_gone (PostgreSQL, migration 2026-12-06T1400) found every seat it was asked about free. */
export function isSeatFree(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SEAT1';
}
