/**
 * Invitation letter for visa applications, A4. Generic wording from i18n; signed only by the
 * organizing committee, never by a named person.
 */
import type { Locale } from '../../i18n/locale.ts';
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { htmlLang, t } from '../../i18n/t.ts';
import { FONT_FAMILY, registerFonts } from './fonts.ts';

export interface InvitationLetterInput {
  locale: Locale;
  eventName: string;
  theme: string;
  eventDates: string;
  city: string;
  venue: string;
  hosts: string[];
  /** as printed in the passport */
  guestName: string;
  passportNumber: string;
  nationality: string;
  arrival: string;
  departure: string;
  issuedOn: string;
  reference: string;
  sample: boolean;
}

const styles = StyleSheet.create({
  page: { fontFamily: FONT_FAMILY, fontSize: 11, lineHeight: 1.6, paddingVertical: 56, paddingHorizontal: 64, color: '#1a1a1a' },
  sample: { color: '#b00020', fontSize: 12, textAlign: 'center', border: '1pt solid #b00020', padding: 4, marginBottom: 16 },
  event: { fontSize: 10, color: '#555555' },
  title: { fontSize: 18, marginTop: 4, marginBottom: 16 },
  meta: { alignItems: 'flex-end', marginBottom: 20, fontSize: 10 },
  paragraph: { marginBottom: 10 },
  details: { marginLeft: 16, marginBottom: 12 },
  row: { flexDirection: 'row' },
  label: { width: 170, color: '#444444' },
  value: { flex: 1 },
  signature: { marginTop: 28 },
});

export async function renderInvitationLetterPdf(input: InvitationLetterInput): Promise<Buffer> {
  registerFonts();
  const { locale } = input;
  const m = (key: Parameters<typeof t>[1], params: Record<string, string> = {}) => t(locale, key, params);
  const hosts = input.hosts.filter(Boolean).join(m('doc.letter.listSeparator'));
  const details: [string, string][] = [
    [m('doc.letter.guestName'), input.guestName],
    [m('doc.letter.passportNumber'), input.passportNumber],
    [m('doc.letter.nationality'), input.nationality],
    [m('doc.letter.arrival'), input.arrival],
    [m('doc.letter.departure'), input.departure],
  ];
  const paragraphs = [
    m('doc.letter.registered', {
      guestName: input.guestName,
      eventName: input.eventName,
      venue: input.venue,
      city: input.city,
      eventDates: input.eventDates,
      theme: input.theme,
    }),
    hosts ? m('doc.letter.hosts', { hosts }) : '',
    m('doc.letter.purpose'),
  ].filter(Boolean);
  return renderToBuffer(
    <Document title={`${m('doc.letter.title')} · ${input.eventName}`} language={htmlLang[locale]} creator={input.eventName}>
      <Page size="A4" style={styles.page}>
        {input.sample && <Text style={styles.sample}>{m('doc.letter.sample')}</Text>}
        <Text style={styles.event}>{input.eventName}</Text>
        <Text style={styles.title}>{m('doc.letter.title')}</Text>
        <View style={styles.meta}>
          <Text>{m('doc.letter.reference', { reference: input.reference })}</Text>
          <Text>{m('doc.letter.issuedOn', { issuedOn: input.issuedOn })}</Text>
        </View>
        <Text style={styles.paragraph}>{m('doc.letter.salutation')}</Text>
        {paragraphs.map((text) => (
          <Text key={text} style={styles.paragraph}>
            {text}
          </Text>
        ))}
        <Text style={styles.paragraph}>{m('doc.letter.details')}</Text>
        <View style={styles.details}>
          {details.map(([label, value]) => (
            <View key={label} style={styles.row} wrap={false}>
              <Text style={styles.label}>{label}</Text>
              <Text style={styles.value}>{value}</Text>
            </View>
          ))}
        </View>
        <Text style={styles.paragraph}>{m('doc.letter.costs')}</Text>
        <Text style={styles.paragraph}>{m('doc.letter.closing')}</Text>
        <View style={styles.signature} wrap={false}>
          <Text>{m('doc.letter.regards')}</Text>
          <Text>{m('doc.letter.signature')}</Text>
          <Text>{input.eventName}</Text>
        </View>
      </Page>
    </Document>,
  );
}
