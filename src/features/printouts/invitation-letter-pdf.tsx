/**
 * Invitation letter for visa applications, A4, bilingual: every paragraph in the reader's
 * language and then in the other one (English and Chinese on one letter). It carries what
 * consulates ask for: full name as in the passport, nationality, date of birth, passport number
 * and expiry, dates of stay and purpose of the visit; letterhead and signature block come from
 * content (registration.letter), else the forum's name and its organizing committee.
 */
import type { Locale } from '../../i18n/locale.ts';
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { htmlLang, t } from '../../i18n/t.ts';
import { FONT_FAMILY, registerFonts } from './fonts.ts';

/** What the letter says in one language (dates already formatted in it). */
export interface LetterTexts {
  eventName: string;
  theme: string;
  eventDates: string;
  city: string;
  venue: string;
  hosts: string[];
  arrival: string;
  departure: string;
  birthDate: string;
  passportExpiry: string;
  issuedOn: string;
  letterhead?: string | undefined;
  signatory?: string | undefined;
  signatoryTitle?: string | undefined;
  purpose?: string | undefined;
}

export interface InvitationLetterInput {
  /** the language printed first */
  locale: Locale;
  texts: Record<Locale, LetterTexts>;
  /** as printed in the passport */
  guestName: string;
  passportNumber: string;
  nationality: string;
  reference: string;
  sample: boolean;
}

const styles = StyleSheet.create({
  page: { fontFamily: FONT_FAMILY, fontSize: 10, lineHeight: 1.5, paddingVertical: 48, paddingHorizontal: 56, color: '#1a1a1a' },
  sample: { color: '#b00020', fontSize: 11, textAlign: 'center', border: '1pt solid #b00020', padding: 4, marginBottom: 12 },
  letterhead: { fontSize: 12, textAlign: 'center', borderBottom: '1pt solid #1a1a1a', paddingBottom: 6, marginBottom: 10 },
  title: { fontSize: 16, marginTop: 4, marginBottom: 10, textAlign: 'center' },
  meta: { alignItems: 'flex-end', marginBottom: 12, fontSize: 9 },
  paragraph: { marginBottom: 2 },
  other: { marginBottom: 8, color: '#333333' },
  details: { marginLeft: 12, marginBottom: 10 },
  row: { flexDirection: 'row' },
  label: { width: 220, color: '#444444' },
  value: { flex: 1 },
  signature: { marginTop: 20 },
});

type Key = Parameters<typeof t>[1];

function paragraphs(locale: Locale, x: LetterTexts, guestName: string): Record<string, string> {
  const m = (key: Key, params: Record<string, string> = {}) => t(locale, key, params);
  const hosts = x.hosts.filter(Boolean).join(m('doc.letter.listSeparator'));
  return {
    registered: m('doc.letter.registered', {
      guestName,
      eventName: x.eventName,
      venue: x.venue,
      city: x.city,
      eventDates: x.eventDates,
      theme: x.theme,
    }),
    hosts: hosts ? m('doc.letter.hosts', { hosts }) : '',
    stay: m('doc.letter.stay', { arrival: x.arrival, departure: x.departure }),
    purpose: x.purpose ? m('doc.letter.purposeGiven', { purpose: x.purpose }) : m('doc.letter.purpose'),
    costs: m('doc.letter.costs'),
    closing: m('doc.letter.closing'),
  };
}

/** One text in both languages: the first language, then the other below it. */
function Both({ first, second }: { first: string; second: string }) {
  if (!first && !second) return null;
  return (
    <View wrap={false}>
      <Text style={styles.paragraph}>{first}</Text>
      <Text style={styles.other}>{second}</Text>
    </View>
  );
}

/** The guest's details, each label in both languages; a value that differs by language shown in both. */
function GuestDetails({ one, two, rows }: { one: Locale; two: Locale; rows: [Key, string, string][] }) {
  return (
    <View style={styles.details}>
      {rows.map(([key, va, vb]) => (
        <View key={key} style={styles.row} wrap={false}>
          <Text style={styles.label}>
            {t(one, key)} / {t(two, key)}
          </Text>
          <Text style={styles.value}>{va === vb ? va : `${va} / ${vb}`}</Text>
        </View>
      ))}
    </View>
  );
}

export async function renderInvitationLetterPdf(input: InvitationLetterInput): Promise<Buffer> {
  registerFonts();
  const one = input.locale;
  const two: Locale = one === 'en' ? 'zh' : 'en';
  const [a, b] = [input.texts[one], input.texts[two]];
  const both = (key: Key, params: Record<string, string> = {}) => ({ first: t(one, key, params), second: t(two, key, params) });
  const [pa, pb] = [paragraphs(one, a, input.guestName), paragraphs(two, b, input.guestName)];
  const details: [Key, string, string][] = [
    ['doc.letter.guestName', input.guestName, input.guestName],
    ['doc.letter.nationality', input.nationality, input.nationality],
    ['doc.letter.birthDate', a.birthDate, b.birthDate],
    ['doc.letter.passportNumber', input.passportNumber, input.passportNumber],
    ['doc.letter.passportExpiry', a.passportExpiry, b.passportExpiry],
    ['doc.letter.arrival', a.arrival, b.arrival],
    ['doc.letter.departure', a.departure, b.departure],
  ];
  return renderToBuffer(
    <Document title={`${t(one, 'doc.letter.title')} · ${a.eventName}`} language={htmlLang[one]} creator={a.eventName}>
      <Page size="A4" style={styles.page}>
        {input.sample && <Both {...both('doc.letter.sample')} />}
        <View style={styles.letterhead}>
          <Text>{a.letterhead ?? a.eventName}</Text>
          <Text>{b.letterhead ?? b.eventName}</Text>
        </View>
        <Text style={styles.title}>
          {t(one, 'doc.letter.title')} / {t(two, 'doc.letter.title')}
        </Text>
        <View style={styles.meta}>
          <Text>{t(one, 'doc.letter.reference', { reference: input.reference })}</Text>
          <Text>{t(one, 'doc.letter.issuedOn', { issuedOn: a.issuedOn })}</Text>
          <Text>{t(two, 'doc.letter.issuedOn', { issuedOn: b.issuedOn })}</Text>
        </View>
        <Both {...both('doc.letter.salutation')} />
        {(['registered', 'hosts', 'stay', 'purpose'] as const).map((k) => (
          <Both key={k} first={pa[k] ?? ''} second={pb[k] ?? ''} />
        ))}
        <Both {...both('doc.letter.details')} />
        <GuestDetails one={one} two={two} rows={details} />
        <Both first={pa.costs ?? ''} second={pb.costs ?? ''} />
        <Both first={pa.closing ?? ''} second={pb.closing ?? ''} />
        <View style={styles.signature} wrap={false}>
          <Text>{t(one, 'doc.letter.regards')}</Text>
          <Text>{a.signatory ?? t(one, 'doc.letter.signature')}</Text>
          {a.signatoryTitle && <Text>{a.signatoryTitle}</Text>}
          <Text style={styles.other}>
            {[b.signatory ?? t(two, 'doc.letter.signature'), b.signatoryTitle].filter(Boolean).join(two === 'zh' ? '，' : ', ')}
          </Text>
          <Text>{a.letterhead ?? a.eventName}</Text>
        </View>
      </Page>
    </Document>,
  );
}
