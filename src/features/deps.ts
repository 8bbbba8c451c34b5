/** The dependencies every feature service takes as its first argument (composed in src/server/services.ts). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Dialect } from '../db/database.ts';
import type { Clock } from './shared/clock.ts';
import type { Catalog } from './registration/catalog.ts';
import type { PaymentGateway } from './payments/gateway.ts';

export interface AppConfig {
  /** public origin without trailing slash, for links in emails and Stripe return URLs */
  siteUrl: string;
  /** seats held while a checkout is open */
  holdMinutes: number;
  /** how long a promoted paid waiting-list entry may take to pay */
  offerHours: number;
  production: boolean;
  /** days a magic link works from the moment it is issued (into an email), and a sign-in made with it */
  linkValidDays: number;
  /** registrations (and bookings) one client may submit per 10 minutes */
  formsPerClientPer10Min: number;
  /** registrations (and bookings) sent for one email address per hour */
  formsPerEmailPerHour: number;
  /** where alerts for the organizers go (e.g. a payment refunded as a duplicate); none = log only */
  organizerEmail?: string | undefined;
}

export interface Keys {
  /** AES-256-GCM key for personal document numbers */
  encryption: Buffer;
  /** HMAC key for ticket codes (QR) */
  tickets: Buffer;
  /** HMAC key for hashing client addresses in rate limits */
  rateLimit: Buffer;
}

/** Everything a feature service needs, passed as the first argument. */
export interface Deps {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  config: AppConfig;
  keys: Keys;
  catalog: Catalog;
  payments: PaymentGateway;
}
