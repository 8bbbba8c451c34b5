/** Registration form actions: register, send my link again, change a block's session, cancel (see index.ts for the conventions). */
import { defineAction } from 'astro:actions';
import { clientOf } from '../server/client.ts';
import { routes } from '../lib/routes.ts';
import { parseEmail } from '../features/registration/registration.schema.ts';
import { parseRegistrationForm } from '../features/registration/registration-form.ts';
import { register, resendLink } from '../features/registration/registration.service.ts';
import { changeSessionChoice } from '../features/registration/session-change.service.ts';
import { parseSessionChange } from '../features/registration/session-picks.ts';
import { cancelRegistration } from '../features/payments/payment.service.ts';
import { countSubmission, readCountingFailure } from '../features/identity/rate-limits.ts';
import { registrationRecord, sessionChangeRecord } from './forms/registration-form.ts';
import { handleForm, handleFormAsPerson, text, type FormResult } from './run.ts';

/**
 * The registration form sent by `client`: the register action, and the same form answered
 * before Astro's pipeline when it succeeds (src/actions/direct-forms.ts).
 */
export function submitRegistration(form: FormData, client: string): Promise<FormResult> {
  return handleForm(
    form,
    'register',
    async (deps, locale) => {
      // Every form sent counts against the client's limit, valid or not: register() counts a
      // valid one with its address, in one statement.
      const input = await readCountingFailure(deps, 'register', client, () =>
        parseRegistrationForm(deps.catalog, registrationRecord(form), deps.clock.now()),
      );
      const { confirmBy } = await register(deps, input, client);
      return routes.checkEmail(locale, 'registration', confirmBy);
    },
    true,
  );
}

export const registrationActions = {
  /**
   * Never signs the browser in (no cookie, whatever the address): the answer is always "check
   * your email", the same for a new and a known address. Paying comes after the link is opened.
   */
  register: defineAction({
    accept: 'form',
    handler: (form: FormData, context) => submitRegistration(form, clientOf(context)),
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
        const { blockId, sessionId } = parseSessionChange(sessionChangeRecord(form));
        await changeSessionChoice(deps, personId, blockId, sessionId);
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
