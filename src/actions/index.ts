/**
 * Form actions (accept: 'form', so every form works without JavaScript). Each one parses the
 * form, calls one feature service and returns either { ok, redirect } or a translated
 * failure; raw error text never reaches the page.
 */
import { defineAction } from 'astro:actions';
import { services } from '../server/services.ts';
import { setAccessCookie } from '../server/access-cookie.ts';
import { toFormFailure, type FormFailure } from '../server/errors.ts';
import { register, changeSession, resendLink } from '../features/registration/registration.service.ts';
import { cancelRegistration, startCheckout } from '../features/payments/payment.service.ts';
import { completeSimulatedCheckout } from '../features/payments/simulated-gateway.ts';
import { applyCheckout } from '../features/payments/payment.service.ts';
import { isDomainError } from '../features/shared/domain-error.ts';
import { requirePerson } from '../server/person.ts';

type Locale = 'en' | 'zh';
export type FormResult = { ok: true; redirect: string; values?: undefined } | (FormFailure & { values?: Record<string, string> });

const localeOf = (form: FormData): Locale => (form.get('locale') === 'zh' ? 'zh' : 'en');

/** Echo the submitted text fields back into the form after an error (never files). */
function values(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string' && v.length <= 2000) out[k] = v;
  return out;
}

export const server = {
  register: defineAction({
    accept: 'form',
    handler: async (form: FormData, context): Promise<FormResult> => {
      const locale = localeOf(form);
      try {
        const { deps } = await services();
        const result = await register(deps, form, context.clientAddress);
        setAccessCookie(context.cookies, result.token);
        if (result.status !== 'pending_payment') return { ok: true, redirect: `/${locale}/my/?welcome=1` };
        try {
          return { ok: true, redirect: await startCheckout(deps, result.personId, locale) };
        } catch (error) {
          // Registered and seats held; paying can be retried from the registration page.
          toFormFailure(error, 'checkout after registration');
          return { ok: true, redirect: `/${locale}/my/?payment=retry` };
        }
      } catch (error) {
        return { ...toFormFailure(error, 'register'), values: values(form) };
      }
    },
  }),

  resendLink: defineAction({
    accept: 'form',
    handler: async (form: FormData, context): Promise<FormResult> => {
      const locale = localeOf(form);
      try {
        const { deps } = await services();
        await resendLink(deps, String(form.get('email') ?? ''), locale, context.clientAddress);
        return { ok: true, redirect: `/${locale}/my/?sent=1` };
      } catch (error) {
        return { ...toFormFailure(error, 'resend link'), values: values(form) };
      }
    },
  }),

  changeSession: defineAction({
    accept: 'form',
    handler: async (form: FormData, context): Promise<FormResult> => {
      const locale = localeOf(form);
      try {
        const { deps } = await services();
        const personId = await requirePerson(deps, context.cookies);
        await changeSession(deps, personId, String(form.get('session') ?? ''));
        return { ok: true, redirect: `/${locale}/my/?changed=1` };
      } catch (error) {
        return toFormFailure(error, 'change session');
      }
    },
  }),

  cancel: defineAction({
    accept: 'form',
    handler: async (form: FormData, context): Promise<FormResult> => {
      const locale = localeOf(form);
      if (form.get('confirm') !== 'on') return { ok: false, error: 'error.invalidInput', fields: { confirm: 'form.error.confirmCancel' } };
      try {
        const { deps } = await services();
        const personId = await requirePerson(deps, context.cookies);
        await cancelRegistration(deps, personId);
        return { ok: true, redirect: `/${locale}/my/?cancelled=1` };
      } catch (error) {
        return toFormFailure(error, 'cancel');
      }
    },
  }),

  pay: defineAction({
    accept: 'form',
    handler: async (form: FormData, context): Promise<FormResult> => {
      const locale = localeOf(form);
      try {
        const { deps } = await services();
        const personId = await requirePerson(deps, context.cookies);
        return { ok: true, redirect: await startCheckout(deps, personId, locale) };
      } catch (error) {
        return toFormFailure(error, 'start checkout');
      }
    },
  }),

  /** The simulated checkout's "Pay" button: same confirmation path as a Stripe webhook. */
  simulatedPay: defineAction({
    accept: 'form',
    handler: async (form: FormData): Promise<FormResult> => {
      const locale = localeOf(form);
      try {
        const { deps } = await services();
        if (deps.payments.provider !== 'simulated') return { ok: false, error: 'error.notFound', fields: {} };
        const session = await completeSimulatedCheckout(deps.db, String(form.get('checkout') ?? ''), deps.clock);
        if (!session) return { ok: false, error: 'error.notFound', fields: {} };
        if (session.status !== 'complete') return { ok: false, error: 'error.holdExpired', fields: {} };
        await applyCheckout(deps, session);
        return { ok: true, redirect: `/${locale}/my/?paid=1` };
      } catch (error) {
        if (isDomainError(error, 'NotFound')) return { ok: false, error: 'error.notFound', fields: {} };
        return toFormFailure(error, 'simulated payment');
      }
    },
  }),
};
