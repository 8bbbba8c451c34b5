/**
 * Name badges: one A6 badge per page, or four A6 badges on an A4 sheet (cut along the lines).
 * The name large (Latin or Chinese script, the embedded Noto Sans SC covers both), organization,
 * a colour band with the category, and the ticket's QR code for check-in.
 */
import type { Locale } from '../../i18n/locale.ts';
import { Document, Page, Path, Rect, StyleSheet, Svg, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { htmlLang, t } from '../../i18n/t.ts';
import { FONT_FAMILY, registerFonts } from './fonts.ts';
import { ticketQrPath } from './ticket-code.ts';

export interface BadgeInput {
  name: string;
  /** the name in the other script (e.g. the passport's Latin spelling of a Chinese name), if any */
  otherName?: string | undefined;
  organization: string;
  category: string;
  /** colour of the category band, #rrggbb */
  band: string;
  /** the ticket code (QR) */
  code: string;
  reference: string;
}

export interface BadgesInput {
  locale: Locale;
  eventName: string;
  layout: 'a6' | 'a4';
  badges: BadgeInput[];
  sample: boolean;
}

/** Category bands in content order: distinct in colour and in lightness (also printed in grey). */
export const BAND_COLOURS = ['#1d4f91', '#b3261e', '#1e7a3c', '#7a4b00', '#5b2a86', '#00696f', '#3d3d3d'];

const A6 = { width: 297.64, height: 419.53 };

const styles = StyleSheet.create({
  a6page: { fontFamily: FONT_FAMILY, color: '#1a1a1a' },
  a4page: { fontFamily: FONT_FAMILY, color: '#1a1a1a', flexDirection: 'row', flexWrap: 'wrap' },
  badge: { width: A6.width, height: A6.height, padding: 18, flexDirection: 'column' },
  cut: { borderRight: '0.5pt dashed #999999', borderBottom: '0.5pt dashed #999999' },
  event: { fontSize: 9, color: '#444444', textAlign: 'center', marginBottom: 10 },
  sample: { fontSize: 8, color: '#b00020', textAlign: 'center' },
  name: { fontSize: 24, lineHeight: 1.2, textAlign: 'center', marginTop: 8 },
  otherName: { fontSize: 13, textAlign: 'center', marginTop: 2 },
  organization: { fontSize: 11, textAlign: 'center', color: '#333333', marginTop: 6 },
  qr: { width: 110, height: 110, alignSelf: 'center', marginTop: 'auto' },
  reference: { fontSize: 7, textAlign: 'center', color: '#555555', marginBottom: 6 },
  band: { marginHorizontal: -18, marginBottom: -18, paddingVertical: 8, color: '#ffffff', fontSize: 13, textAlign: 'center' },
});

/** The name a little smaller when it is long, so it stays on two lines at most. */
function nameSize(name: string): number {
  const width = [...name].reduce((n, ch) => n + (/\p{Script=Han}/u.test(ch) ? 2 : 1), 0);
  return width > 40 ? 16 : width > 26 ? 20 : 24;
}

function Qr({ qr }: { qr: { size: number; d: string } }) {
  return (
    <Svg style={styles.qr} viewBox={`0 0 ${qr.size} ${qr.size}`}>
      <Rect x={0} y={0} width={qr.size} height={qr.size} fill="#ffffff" />
      <Path d={qr.d} fill="#000000" />
    </Svg>
  );
}

function Badge({
  badge,
  qr,
  eventName,
  sample,
  sampleText,
  cut,
}: {
  badge: BadgeInput;
  qr: { size: number; d: string };
  eventName: string;
  sample: boolean;
  sampleText: string;
  cut: boolean;
}) {
  return (
    <View style={cut ? [styles.badge, styles.cut] : styles.badge} wrap={false}>
      {sample && <Text style={styles.sample}>{sampleText}</Text>}
      <Text style={styles.event}>{eventName}</Text>
      <Text style={[styles.name, { fontSize: nameSize(badge.name) }]}>{badge.name}</Text>
      {badge.otherName ? <Text style={styles.otherName}>{badge.otherName}</Text> : null}
      {badge.organization ? <Text style={styles.organization}>{badge.organization}</Text> : null}
      <Qr qr={qr} />
      <Text style={styles.reference}>{badge.reference}</Text>
      <Text style={[styles.band, { backgroundColor: badge.band }]}>{badge.category}</Text>
    </View>
  );
}

/**
 * The badges as one PDF. `progress(done, total)` is called as the QR codes are drawn (most of
 * the work before the layout), so a bulk run can report how far it is.
 */
export async function renderBadgesPdf(input: BadgesInput, progress?: (done: number, total: number) => void): Promise<Buffer> {
  registerFonts();
  const qrs: { size: number; d: string }[] = [];
  for (const [i, badge] of input.badges.entries()) {
    qrs.push(ticketQrPath(badge.code));
    if (progress && (i % 25 === 24 || i === input.badges.length - 1)) progress(i + 1, input.badges.length);
  }
  const sampleText = t(input.locale, 'doc.ticket.sample');
  const items = input.badges.map((badge, i) => (
    <Badge
      key={i}
      badge={badge}
      qr={qrs[i]}
      eventName={input.eventName}
      sample={input.sample}
      sampleText={sampleText}
      cut={input.layout === 'a4'}
    />
  ));
  const pages =
    input.layout === 'a6'
      ? items.map((item, i) => (
          <Page key={i} size="A6" style={styles.a6page}>
            {item}
          </Page>
        ))
      : chunk(items, 4).map((group, i) => (
          <Page key={i} size="A4" style={styles.a4page}>
            {group}
          </Page>
        ));
  return renderToBuffer(
    <Document title={`${input.eventName} · badges`} language={htmlLang[input.locale]} creator={input.eventName}>
      {pages}
    </Document>,
  );
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
