/** Signing in and out (see index.ts for the conventions). */
import { defineAction } from 'astro:actions';
import { accessCookie, clearAccessCookie, setAccessCookie } from '../server/access-cookie.ts';
import { routes } from '../lib/routes.ts';
import { signOut, signOutEverywhere } from '../features/identity/access.service.ts';
import { signIn } from '../features/identity/sign-in.service.ts';
import { handleForm, handleFormAsPerson, text } from './run.ts';

export const accessActions = {
  /**
   * "Continue" on the page a magic link opens: the only way a browser is signed in. A POST (a
   * cross-site GET of the link, or a mail scanner fetching it, signs nobody in), and Astro's
   * origin check refuses one sent from another site. The cookie gets a new session token.
   */
  signIn: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(form, 'sign in', async (deps, locale) => {
        const session = await signIn(deps, text(form, 'token'));
        setAccessCookie(context.cookies, session.token, session.expiresAt);
        return routes.my(locale, session.confirmed > 0 ? 'confirmed' : 'signedIn');
      }),
  }),

  /** Sign this browser out. */
  signOut: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(form, 'sign out', async (deps, locale) => {
        await signOut(deps, accessCookie(context.cookies));
        clearAccessCookie(context.cookies);
        return routes.my(locale, 'signedOut');
      }),
  }),

  /** Sign out everywhere: every link and every browser of the person stop working. */
  signOutEverywhere: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleFormAsPerson(form, context, 'sign out everywhere', async (deps, personId, locale) => {
        await signOutEverywhere(deps, personId);
        clearAccessCookie(context.cookies);
        return routes.my(locale, 'signedOutEverywhere');
      }),
  }),
};
