/** Registration form actions: register, send my link again, change session, cancel (see index.ts for the conventions). */
import { defineAction } from 'astro:actions';
import { setAccessCookie } from '../server/access-cookie.ts';
import { clientOf } from '../server/client.ts';
import { log } from '../server/log.ts';
import { routes } from '../lib/routes.ts';
import { parseEmail, parseRegistration } from '../features/registration/registration.schema.ts';
import { changeSession, register, resendLink } from '../features/registration/registration.service.ts';
import { cancelRegistration, startCheckout } from '../features/payments/payment.service.ts';
import { countSubmission } from '../features/identity/rate-limits.ts';
import { registrationRecord } from './forms/registration-form.ts';
import { handleForm, handleFormAsPerson, text, type FormResult } from './run.ts';

export const registrationActions = {
  register: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(
        form,
        'register',
        async (deps, locale) => {
          // Every form sent counts against the client's limit, valid or not.
          await countSubmission(deps, 'register', clientOf(context));
          const input = parseRegistration(registrationRecord(form));
          const result = await register(deps, input, clientOf(context));
          setAccessCookie(context.cookies, result.token);
          if (result.status !== 'pending_payment') return routes.my(locale, 'welcome');
          // Registered with seats held: a payment provider hiccup only delays paying.
          return startCheckout(deps, result.personId, locale).catch((error: unknown) => {
            log.error(`checkout after registration ${result.registrationId} failed: ${error instanceof Error ? error.name : 'unknown'}`);
            return routes.my(locale, 'paymentRetry');
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
          // Every form sent counts against the client's limit, valid or not.
          await countSubmission(deps, 'resend', clientOf(context));
          await resendLink(deps, parseEmail(text(form, 'email')), locale);
          return routes.my(locale, 'sent');
        },
        true,
      ),
  }),

  changeSession: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleFormAsPerson(form, context, 'change session', async (deps, personId, locale) => {
        await changeSession(deps, personId, text(form, 'session'));
        return routes.my(locale, 'changed');
      }),
  }),

  cancel: defineAction({
    accept: 'form',
    handler: async (form: FormData, context): Promise<FormResult> => {
      if (form.get('confirm') !== 'on') return { ok: false, error: 'error.invalidInput', fields: { confirm: 'form.error.confirmCancel' } };
      return handleFormAsPerson(form, context, 'cancel', async (deps, personId, locale) => {
        await cancelRegistration(deps, personId);
        return routes.my(locale, 'cancelled');
      });
    },
  }),
};
