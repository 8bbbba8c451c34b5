/**
 * Receipt of a paid registration, A5: number, payer, item, amount with the currency symbol,
 * date and how it was paid; when invoice details were given, a note that the formal invoice
 * (发票) follows. Labels in the reader's language.
 */
import type { Locale } from '../../i18n/locale.ts';
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { htmlLang, t } from '../../i18n/t.ts';
import { FONT_FAMILY, registerFonts } from './fonts.ts';

export interface ReceiptPdfInput {
  locale: Locale;
  eventName: string;
  /** the receiving body: letterhead from content, else the forum's name */
  issuer: string;
  number: string;
  payer: string;
  organization: string;
  item: string;
  /** formatted with the symbol, e.g. ¥1,200.00 */
  amount: string;
  date: string;
  method: 'stripe' | 'simulated' | 'offline';
  invoice?: { title: string; taxNumber: string | null } | undefined;
  sample: boolean;
}

const styles = StyleSheet.create({
  page: { fontFamily: FONT_FAMILY, fontSize: 10, lineHeight: 1.5, padding: 40, color: '#1a1a1a' },
  sample: { color: '#b00020', textAlign: 'center', border: '1pt solid #b00020', padding: 3, marginBottom: 10 },
  issuer: { fontSize: 11, borderBottom: '1pt solid #1a1a1a', paddingBottom: 4, marginBottom: 8 },
  title: { fontSize: 16, marginBottom: 12 },
  row: { flexDirection: 'row', marginBottom: 3 },
  label: { width: 140, color: '#444444' },
  value: { flex: 1 },
  total: { fontSize: 13 },
  note: { marginTop: 14, fontSize: 9, color: '#333333' },
});

export async function renderReceiptPdf(input: ReceiptPdfInput): Promise<Buffer> {
  registerFonts();
  const { locale } = input;
  const m = (key: Parameters<typeof t>[1], params: Record<string, string> = {}) => t(locale, key, params);
  const rows: [string, string][] = [
    [m('doc.receipt.number'), input.number],
    [m('doc.receipt.date'), input.date],
    [m('doc.receipt.payer'), input.organization ? `${input.payer}, ${input.organization}` : input.payer],
    [m('doc.receipt.item'), `${input.item} · ${input.eventName}`],
    [m('doc.receipt.method'), m(`doc.receipt.method.${input.method}`)],
  ];
  if (input.invoice) rows.push([m('doc.receipt.invoiceTitle'), input.invoice.title]);
  if (input.invoice?.taxNumber) rows.push([m('doc.receipt.taxNumber'), input.invoice.taxNumber]);
  return renderToBuffer(
    <Document title={`${m('doc.receipt.title')} ${input.number}`} language={htmlLang[locale]} creator={input.eventName}>
      <Page size="A5" style={styles.page}>
        {input.sample && <Text style={styles.sample}>{m('doc.receipt.sample')}</Text>}
        <Text style={styles.issuer}>{input.issuer}</Text>
        <Text style={styles.title}>{m('doc.receipt.title')}</Text>
        {rows.map(([label, value]) => (
          <View key={label} style={styles.row}>
            <Text style={styles.label}>{label}</Text>
            <Text style={styles.value}>{value}</Text>
          </View>
        ))}
        <View style={styles.row}>
          <Text style={styles.label}>{m('doc.receipt.amount')}</Text>
          <Text style={[styles.value, styles.total]}>{input.amount}</Text>
        </View>
        <Text style={styles.note}>{m(input.invoice ? 'doc.receipt.invoiceFollows' : 'doc.receipt.notInvoice')}</Text>
      </Page>
    </Document>,
  );
}
