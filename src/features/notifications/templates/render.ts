/** EmailKind → subject, HTML and plain text, in the email's language. */
import { createElement, type FunctionComponent } from 'react';
import { render } from '@react-email/render';
import type { AccessLinkPayload, EmailKind, EmailPayload, RegistrationEmailPayload } from '../email.types.ts';
import { AccessLink, accessSubject } from './AccessLink.tsx';
import { PaymentReceived, paymentSubject } from './PaymentReceived.tsx';
import { RegistrationCancelled, cancelledSubject } from './RegistrationCancelled.tsx';
import { RegistrationConfirmed, confirmedSubject } from './RegistrationConfirmed.tsx';
import { RegistrationPendingApproval, pendingSubject } from './RegistrationPendingApproval.tsx';
import { RegistrationPromoted, promotedSubject } from './RegistrationPromoted.tsx';
import { RegistrationWaitlisted, waitlistedSubject } from './RegistrationWaitlisted.tsx';
import type { TemplateProps } from './types.ts';

export type { EmailLinks, TemplateProps } from './types.ts';

interface Template<P> {
  component: FunctionComponent<TemplateProps<P>>;
  subject: (props: TemplateProps<P>) => string;
}

const registrationTemplates: Record<Exclude<EmailKind, 'access-link'>, Template<RegistrationEmailPayload>> = {
  'registration-confirmed': { component: RegistrationConfirmed, subject: confirmedSubject },
  'registration-pending-approval': { component: RegistrationPendingApproval, subject: pendingSubject },
  'registration-waitlisted': { component: RegistrationWaitlisted, subject: waitlistedSubject },
  'registration-promoted': { component: RegistrationPromoted, subject: promotedSubject },
  'payment-received': { component: PaymentReceived, subject: paymentSubject },
  'registration-cancelled': { component: RegistrationCancelled, subject: cancelledSubject },
};

const accessTemplate: Template<AccessLinkPayload> = { component: AccessLink, subject: accessSubject };

async function renderWith<P>(template: Template<P>, props: TemplateProps<P>) {
  const element = createElement(template.component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: template.subject(props), html, text };
}

export async function renderTemplate(
  kind: EmailKind,
  props: TemplateProps<EmailPayload>,
): Promise<{ subject: string; html: string; text: string }> {
  if (kind === 'access-link') return renderWith(accessTemplate, props as TemplateProps<AccessLinkPayload>);
  const template = registrationTemplates[kind];
  if (!template) throw new Error(`no email template for kind ${String(kind)}`);
  // Outbox rows are JSON: check the fields every registration template needs.
  const payload = props.payload as Partial<RegistrationEmailPayload>;
  if (typeof payload.name !== 'string' || typeof payload.ticket !== 'string') {
    throw new Error(`payload for ${kind} lacks name or ticket`);
  }
  return renderWith(template, props as TemplateProps<RegistrationEmailPayload>);
}
