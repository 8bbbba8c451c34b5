/** Payment form actions: pay for a held registration, and the simulated checkout's "Pay" button. */
import { defineAction } from 'astro:actions';
import { routes } from '../lib/routes.ts';
import { startCheckout } from '../features/payments/payment.service.ts';
import { paySimulatedCheckout } from '../features/payments/checkout-events.service.ts';
import { handleForm, handleFormAsPerson, text } from './run.ts';

export const paymentActions = {
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
        await paySimulatedCheckout(deps, text(form, 'checkout'));
        return routes.my(locale, 'paid');
      }),
  }),
};
