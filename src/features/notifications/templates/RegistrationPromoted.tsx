import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import { RegistrationDetails } from './RegistrationDetails.tsx';
import type { TemplateProps } from './types.ts';
import { WhereAndWhen } from './WhereAndWhen.tsx';

export const promotedSubject = ({ locale, siteName }: TemplateProps<RegistrationEmailPayload>) =>
  t(locale, 'email.promoted.subject', { site: siteName });

/** Free tickets are confirmed on promotion; paid ones hold the seat until payBy. */
export function RegistrationPromoted({ locale, payload, links, siteName, whereAndWhen }: TemplateProps<RegistrationEmailPayload>) {
  const paid = Boolean(payload.payBy);
  const body = paid
    ? t(locale, 'email.promoted.paid', { amount: payload.amount ?? '', payBy: payload.payBy ?? '' })
    : t(locale, 'email.promoted.free');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.promoted.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <RegistrationDetails locale={locale} payload={payload} />
      <WhereAndWhen block={whereAndWhen} />
      {paid && <Action locale={locale} href={links.pay ?? links.manage} label={t(locale, 'email.promoted.pay')} />}
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
    </Layout>
  );
}
