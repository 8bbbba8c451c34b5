/** Frame shared by every email: forum name, heading, content, "why you get this" footer. */
import type { Locale } from '../../../i18n/locale.ts';
import type { ReactNode } from 'react';
// One package per component: @react-email/components would also load prismjs, marked and Tailwind at startup.
import { Body } from '@react-email/body';
import { Button } from '@react-email/button';
import { Container } from '@react-email/container';
import { Head } from '@react-email/head';
import { Heading } from '@react-email/heading';
import { Hr } from '@react-email/hr';
import { Html } from '@react-email/html';
import { Link } from '@react-email/link';
import { Preview } from '@react-email/preview';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import { htmlLang, t } from '../../../i18n/t.ts';

const font = '-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Microsoft YaHei", sans-serif';
const styles = {
  body: { backgroundColor: '#f4f4f5', fontFamily: font, margin: 0, padding: '16px 0' },
  // Fluid up to 560 px, with a narrow side padding so that a 320 px phone keeps 280 px of text.
  container: { backgroundColor: '#ffffff', width: '100%', maxWidth: '560px', padding: '24px 20px', boxSizing: 'border-box' },
  site: { color: '#52525b', fontSize: '14px', margin: '0 0 8px' },
  heading: { color: '#18181b', fontSize: '22px', margin: '0 0 16px' },
  // Long words (addresses, references) break rather than widen the email.
  text: { color: '#27272a', fontSize: '16px', lineHeight: '24px', overflowWrap: 'anywhere', wordBreak: 'break-word' },
  button: { backgroundColor: '#1d4ed8', borderRadius: '4px', color: '#ffffff', fontSize: '16px', padding: '12px 20px' },
  small: { color: '#71717a', fontSize: '13px', lineHeight: '20px', overflowWrap: 'anywhere', wordBreak: 'break-word' },
  // A bare link has no spaces: let it break anywhere (clients without overflow-wrap support read word-break).
  link: { color: '#1d4ed8', overflowWrap: 'anywhere', wordBreak: 'break-all' },
} as const;

export function Layout(props: {
  locale: Locale;
  siteName: string;
  heading: string;
  preview: string;
  /** why the recipient gets this email (default: the address was used to register) */
  footer?: string;
  children: ReactNode;
}) {
  const { locale, siteName } = props;
  return (
    <Html lang={htmlLang[locale]}>
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.site}>{siteName}</Text>
          <Heading as="h1" style={styles.heading}>
            {props.heading}
          </Heading>
          {props.children}
          <Hr />
          <Text style={styles.small}>{props.footer ?? t(locale, 'email.footer.reason', { site: siteName })}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Greeting({ locale, name }: { locale: Locale; name?: string | undefined }) {
  const text = name ? t(locale, 'email.greeting', { name }) : t(locale, 'email.greetingNoName');
  return <Text style={styles.text}>{text}</Text>;
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.text}>{children}</Text>;
}

/** "Ticket: …" lines; rows without a value are left out. */
export function Details({ locale, rows }: { locale: Locale; rows: [label: string, value: string | undefined][] }) {
  const colon = t(locale, 'site.colon');
  return (
    <Section>
      {rows
        .filter((row): row is [string, string] => Boolean(row[1]))
        .map(([label, value], i) => (
          <Text key={`${i}-${label}`} style={{ ...styles.text, margin: '4px 0' }}>
            <strong>{label}</strong>
            {colon}
            {value}
          </Text>
        ))}
    </Section>
  );
}

/** A button plus the bare link, for clients that hide buttons (and for the plain-text part). */
export function Action({ locale, href, label }: { locale: Locale; href: string; label: string }) {
  return (
    <Section style={{ margin: '24px 0' }}>
      <Button href={href} style={styles.button}>
        {label}
      </Button>
      {/* the plain-text part already shows the link next to the label */}
      <Text style={styles.small} data-skip-in-text="true">
        {t(locale, 'email.linkHint')}{' '}
        <Link href={href} style={styles.link}>
          {href}
        </Link>
      </Text>
    </Section>
  );
}
