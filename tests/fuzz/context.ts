/** What the global setup hands to the fuzz families, and what they hand back. */
export interface FuzzContext {
  /** http://127.0.0.1:<port> of the server under test */
  baseUrl: string;
  /** its DATA_DIR (stats/ and failures-*.json are written here too) */
  dataDir: string;
  /** its SQLite file, read read-only for the state fingerprint */
  dbPath: string;
}

export interface FamilyStats {
  family: string;
  requests: number;
  failures: number;
  seconds: number;
  seed: number;
}

/** Every family; the ≥ MIN_TOTAL_REQUESTS promise is checked when all of them ran. */
export const FAMILIES = ['register', 'visits', 'my', 'payments', 'links', 'endpoints', 'static'] as const;
export const MIN_TOTAL_REQUESTS = 10_000;
