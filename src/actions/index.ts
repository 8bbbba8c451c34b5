/**
 * Form actions (accept: 'form', so every form works without JavaScript). Each one parses the
 * form, calls one feature service and returns either { ok, redirect } or a translated
 * failure; raw error text never reaches the page.
 */
import { defineAction } from 'astro:actions';
import { setAccessCookie } from '../server/access-cookie.ts';
import { handleForm, handleFormAsPerson, text, type FormResult } from './run.ts';
import { register, changeSession, resendLink } from '../features/registration/registration.service.ts';
import { applyCheckout, cancelRegistration, startCheckout } from '../features/payments/payment.service.ts';
import { completeSimulatedCheckout } from '../features/payments/simulated-gateway.ts';
import { visitActions } from './visits.ts';
import { DomainError } from '../features/shared/domain-error.ts';
import { log } from '../server/log.ts';

export const server = {
  register: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(
        form,
        'register',
        async (deps, locale) => {
          const result = await register(deps, form, context.clientAddress);
          setAccessCookie(context.cookies, result.token);
          if (result.status !== 'pending_payment') return `/${locale}/my/?welcome=1`;
          // Registered with seats held: a payment provider hiccup only delays paying.
          return startCheckout(deps, result.personId, locale).catch((error: unknown) => {
            log.error(`checkout after registration ${result.registrationId} failed: ${error instanceof Error ? error.name : 'unknown'}`);
            return `/${locale}/my/?payment=retry`;
          });
        },
        true,
      ),
  }),

  resendLink: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(
        form,
        'resend link',
        async (deps, locale) => {
          await resendLink(deps, text(form, 'email'), locale, context.clientAddress);
          return `/${locale}/my/?sent=1`;
        },
        true,
      ),
  }),

  changeSession: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleFormAsPerson(form, context, 'change session', async (deps, personId, locale) => {
        await changeSession(deps, personId, text(form, 'session'));
        return `/${locale}/my/?changed=1`;
      }),
  }),

  cancel: defineAction({
    accept: 'form',
    handler: async (form: FormData, context): Promise<FormResult> => {
      if (form.get('confirm') !== 'on') return { ok: false, error: 'error.invalidInput', fields: { confirm: 'form.error.confirmCancel' } };
      return handleFormAsPerson(form, context, 'cancel', async (deps, personId, locale) => {
        await cancelRegistration(deps, personId);
        return `/${locale}/my/?cancelled=1`;
      });
    },
  }),

  pay: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleFormAsPerson(form, context, 'start checkout', (deps, personId, locale) => startCheckout(deps, personId, locale)),
  }),

  /** The simulated checkout's "Pay" button: same confirmation path as a Stripe webhook. */
  simulatedPay: defineAction({
    accept: 'form',
    handler: (form: FormData) =>
      handleForm(form, 'simulated payment', async (deps, locale) => {
        if (deps.payments.provider !== 'simulated') throw new DomainError('NotFound');
        const session = await completeSimulatedCheckout(deps.db, text(form, 'checkout'), deps.clock);
        if (!session) throw new DomainError('NotFound');
        if (session.status !== 'complete') throw new DomainError('HoldExpired');
        await applyCheckout(deps, session);
        return `/${locale}/my/?paid=1`;
      }),
  }),

  ...visitActions,
};
