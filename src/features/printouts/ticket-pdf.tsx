/** Admission ticket, A6 portrait: QR code for check-in, attendee, ticket and event. */
import type { Locale } from '../../i18n/locale.ts';
import { Document, Image, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { htmlLang, t } from '../../i18n/t.ts';
import { FONT_FAMILY, registerFonts } from './fonts.ts';
import { ticketQrPng } from './ticket-code.ts';
import type { WhereAndWhenBlock } from '../shared/where-and-when.types.ts';

export interface TicketPdfInput {
  locale: Locale;
  eventName: string;
  eventDates: string;
  venue: string;
  attendeeName: string;
  organization: string;
  ticketName: string;
  /** one line per chosen parallel session: "P2 · Title — Waiting list: number 3" */
  sessionLines?: string[] | undefined;
  registrationId: string;
  code: string;
  sample: boolean;
  /** forum dates and venue, main forum and chosen sessions: a second page of the ticket */
  whereAndWhen?: WhereAndWhenBlock | undefined;
}

const styles = StyleSheet.create({
  page: { fontFamily: FONT_FAMILY, fontSize: 8.5, padding: 16, color: '#1a1a1a' },
  sample: { color: '#b00020', fontSize: 9, textAlign: 'center', marginBottom: 2 },
  header: { borderBottom: '1pt solid #1a1a1a', paddingBottom: 4, marginBottom: 6 },
  title: { fontSize: 8, color: '#555555', textTransform: 'uppercase' },
  event: { fontSize: 11 },
  name: { fontSize: 17, lineHeight: 1.2, marginBottom: 2 },
  organization: { fontSize: 10, color: '#444444', marginBottom: 6 },
  qr: { width: 132, height: 132, alignSelf: 'center', marginVertical: 2 },
  row: { flexDirection: 'row', marginBottom: 2 },
  label: { width: 62, color: '#555555' },
  value: { flex: 1 },
  hint: { marginTop: 'auto', fontSize: 7.5, color: '#555555', textAlign: 'center' },
  wwHeading: { fontSize: 12, marginBottom: 4 },
  wwItem: { marginBottom: 5 },
  wwTitle: { fontSize: 9.5, marginBottom: 1 },
  wwWaiting: { color: '#7c2d12', marginBottom: 1 },
});

/** The "where and when" page: what, when (zone named) and where, item by item. */
function WhereAndWhenPage({ block, sample }: { block: WhereAndWhenBlock; sample?: string | undefined }) {
  return (
    <Page size="A6" style={styles.page}>
      {sample ? <Text style={styles.sample}>{sample}</Text> : null}
      <Text style={styles.wwHeading}>{block.heading}</Text>
      {block.items.map((item) => (
        <View key={item.title} style={styles.wwItem} wrap={false}>
          <Text style={styles.wwTitle}>{item.title}</Text>
          {item.waiting ? <Text style={styles.wwWaiting}>{item.waiting}</Text> : null}
          {item.lines.map((line) => (
            <Row key={line.label} label={line.label} value={line.text} />
          ))}
        </View>
      ))}
    </Page>
  );
}

function ticketLabels(locale: Locale) {
  return {
    title: t(locale, 'doc.ticket.title'),
    ticket: t(locale, 'doc.ticket.ticket'),
    session: t(locale, 'doc.ticket.session'),
    dates: t(locale, 'doc.ticket.dates'),
    venue: t(locale, 'doc.ticket.venue'),
    reference: t(locale, 'doc.ticket.reference'),
    scan: t(locale, 'doc.ticket.scan'),
    sample: t(locale, 'doc.ticket.sample'),
  };
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.row}>
      <Text style={styles.label}>{label}</Text>
      <Text style={styles.value}>{value}</Text>
    </View>
  );
}

export async function renderTicketPdf(input: TicketPdfInput): Promise<Buffer> {
  registerFonts();
  const l = ticketLabels(input.locale);
  const qr = `data:image/png;base64,${(await ticketQrPng(input.code)).toString('base64')}`;
  return renderToBuffer(
    <Document title={`${l.title} · ${input.eventName}`} language={htmlLang[input.locale]} creator={input.eventName}>
      <Page size="A6" style={styles.page}>
        {input.sample && <Text style={styles.sample}>{l.sample}</Text>}
        <View style={styles.header}>
          <Text style={styles.title}>{l.title}</Text>
          <Text style={styles.event}>{input.eventName}</Text>
        </View>
        <Text style={styles.name}>{input.attendeeName}</Text>
        {input.organization ? <Text style={styles.organization}>{input.organization}</Text> : null}
        <Image style={styles.qr} src={qr} />
        <Row label={l.ticket} value={input.ticketName} />
        {(input.sessionLines ?? []).map((line, i) => (
          <Row key={i} label={l.session} value={line} />
        ))}
        <Row label={l.dates} value={input.eventDates} />
        <Row label={l.venue} value={input.venue} />
        {/* The first 8 characters are enough to find the registration by hand at the desk. */}
        <Row label={l.reference} value={input.registrationId.slice(0, 8).toUpperCase()} />
        <Text style={styles.hint}>{l.scan}</Text>
      </Page>
      {input.whereAndWhen ? <WhereAndWhenPage block={input.whereAndWhen} sample={input.sample ? l.sample : undefined} /> : null}
    </Document>,
  );
}
