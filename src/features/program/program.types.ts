/** Plain data the program, exports and pages work with (built from content in src/site/). */
import type { Localized, SourceLocale } from '../../i18n/locale.ts';

export interface EventInfo {
  id: string;
  name: Localized;
  shortName: Localized;
  acronym: string;
  edition: Localized;
  theme: Localized;
  summary: Localized;
  /** YYYY-MM-DD in the event timezone */
  startDate: string;
  endDate: string;
  datesAreSample: boolean;
  /** IANA zone, e.g. Asia/Shanghai */
  timezone: string;
  city: Localized;
  venue: { name: Localized; address: Localized; sample: boolean };
  organizers: { name: Localized; role: string; url?: string | undefined }[];
  figures: { value: string; label: Localized }[];
  /** where "Register" points; defaults to the program */
  registrationUrl?: string | undefined;
  sample: boolean;
}

export interface SpeakerInfo {
  id: string;
  name: Localized;
  affiliation: Localized;
  position?: Localized | undefined;
  country?: Localized | undefined;
  bio?: Localized | undefined;
  /** portrait as the image pipeline describes it (Astro's ImageMetadata) */
  photo?: { src: string; width: number; height: number; format: string } | undefined;
  /** a draft's uploaded portrait, not built yet (previews only): its /files/<sha256>.<ext> address */
  draftPhoto?: string | undefined;
  sample: boolean;
}

export type SessionKind = 'main' | 'parallel' | 'visit' | 'social';
type AgendaKind = 'opening' | 'keynote' | 'talk' | 'panel' | 'release' | 'discussion' | 'closing' | 'break';

interface AgendaItem {
  /** HH:MM in the event timezone */
  start: string;
  end: string;
  kind: AgendaKind;
  title: Localized;
  speakers: SpeakerInfo[];
  paperId?: string | undefined;
}

export interface SessionInfo {
  id: string;
  code: string;
  kind: SessionKind;
  title: Localized;
  summary: Localized;
  /** 1-based day of the forum */
  day: number;
  /** YYYY-MM-DD in the event timezone (startDate + day - 1) */
  date: string;
  /** HH:MM in the event timezone */
  start: string;
  end: string;
  room: Localized;
  capacity: number;
  languages: SourceLocale[];
  interpretation: { language: SourceLocale; channel: number }[];
  chairs: SpeakerInfo[];
  agenda: AgendaItem[];
  sample: boolean;
}

export interface PublicationInfo {
  id: string;
  title: Localized;
  description: Localized;
  kind: 'compilation' | 'cases' | 'report' | 'proceedings';
  year: number;
  publisher?: Localized | undefined;
  order: number;
  sample: boolean;
}

export interface PaperInfo {
  id: string;
  title: Localized;
  authors: { name: Localized; affiliation: Localized }[];
  abstract: Localized;
  keywords: { en: string[]; zh: string[] };
  collection: PublicationInfo;
  year: number;
  language: SourceLocale;
  /** site path of the PDF, e.g. /papers/x.pdf */
  pdf: string;
  pages?: string | undefined;
  doi?: string | undefined;
  sessionId?: string | undefined;
  /** YYYY-MM-DD */
  published?: string | undefined;
  /** id of the edition that released it (its event file), e.g. beijing-2024 */
  edition: string;
  sample: boolean;
}

/** One edition of the forum (an event file) as the archive and past-edition pages show it. */
export interface EditionInfo {
  event: EventInfo;
  /** URL slug, e.g. "2024" (past editions live under /en/2024/…) */
  path: string;
  current: boolean;
}
