/**
 * Form posts answered before Astro's request pipeline (server.mjs, serve/direct-forms.mjs).
 * The registration form is what a forum opening registration receives in a burst; through the
 * whole pipeline a post cost about 1.7 ms of CPU, of which the registration itself is about
 * 1 ms. Here the same function as its action runs (submitRegistration). A success is answered
 * 303 at once; anything else goes on to Astro with the body and this result, and the page shows
 * the form again with it (middleware.ts), so the answer is the same whichever way a post came.
 */
import type { Locale } from '../i18n/locale.ts';
import { isLocale } from '../i18n/t.ts';
import { routes } from '../lib/routes.ts';
import { clientFrom } from '../server/client.ts';
import type { FormResult } from '../server/form-result.ts';
import { toFormFailure } from '../server/errors.ts';
import { submitRegistration } from './registration.ts';

/** Where a post came from, as the socket and the proxies in front report it. */
export interface Peer {
  address: string;
  forwardedFor: string | null;
}

/** The form actions answered this way, and the page each one is posted to. */
const forms: Record<string, { page: (locale: Locale) => string; submit: (form: FormData, client: string) => Promise<FormResult> }> = {
  register: { page: routes.register, submit: submitRegistration },
};

type DirectForm = (typeof forms)[string];
const formOf = (action: string): DirectForm | undefined => (Object.hasOwn(forms, action) ? forms[action] : undefined);

export interface DirectForms {
  /** Whether a post to `pathname?_action=action` is answered here. */
  handles(pathname: string, action: string): boolean;
  /** Run the action on the urlencoded `body`; never rejects (an unexpected error is a failure like any other). */
  submit(action: string, body: string, peer: Peer): Promise<FormResult>;
}

export const directForms: DirectForms = {
  handles(pathname, action) {
    const form = formOf(action);
    const locale = pathname.split('/')[1];
    if (!form || !isLocale(locale)) return false;
    const page = form.page(locale);
    // trailingSlash is 'ignore' (astro.config.mjs): the page answers with and without it
    return pathname === page || pathname === page.slice(0, -1);
  },
  async submit(action, body, peer) {
    const fields = new FormData();
    for (const [name, value] of new URLSearchParams(body)) fields.append(name, value);
    try {
      const form = formOf(action);
      if (!form) throw new Error(`no direct form ${action}`);
      return await form.submit(fields, clientFrom(peer.address, peer.forwardedFor));
    } catch (error) {
      // The action translates its own errors (handleForm): this is only what happens around it.
      return toFormFailure(error, `direct form ${action}`);
    }
  },
};

/** What server.mjs looks for; set when the middleware is first loaded (the start-up health check). */
export const directFormsKey = Symbol.for('forum.directForms');
