/**
 * A form action's result as the page that posted it sees it. Every form page starts the same
 * way: when one of its actions succeeded, answer with the redirect the action chose (303, so a
 * reload never posts twice); when one failed, show the form again with the failure.
 */
import type { AstroGlobal } from 'astro';
import type { ActionClient } from 'astro:actions';
import type { $ZodType } from 'zod/v4/core';
import type { FormFailure } from './errors.ts';

/** What every form action returns (src/actions/run.ts): where to go next, or a translated failure. */
export type FormResult = { ok: true; redirect: string } | (FormFailure & { values?: Record<string, string> });

/** A form action (`accept: 'form'`) as imported from astro:actions. */
export type FormAction = ActionClient<FormResult, 'form', $ZodType<FormData>>;

/** A failed submission, ready for the page: messages are i18n keys. */
export interface FormFailureView {
  /** i18n key of the message above the form */
  error: string;
  /** field → i18n key */
  fields: Record<string, string>;
  /** the submitted text fields, to fill the form in again ({} when the action keeps none) */
  values: Record<string, string>;
  /** rate limited: seconds until the client may try again */
  retryAfter?: number | undefined;
}

export type FormPageState =
  /** an action succeeded: the page returns this redirect and renders nothing */
  | { redirect: Response; failure?: undefined }
  /** no action ran (failure undefined) or one failed */
  | { redirect?: undefined; failure: FormFailureView | undefined };

export interface FormResultOptions {
  /** HTTP status of the page after a failure, from its error key; without it the status is left alone (a rate limit is always 429) */
  status?: (error: string) => number;
}

/**
 * The outcome of the page's form actions for this request: the first that succeeded wins (its
 * redirect), else the first that failed (a rate-limited one answers 429 with Retry-After). An error the action did not translate itself (an
 * ActionError) shows as "error.unexpected".
 */
export function formResult(
  astro: Pick<AstroGlobal, 'getActionResult' | 'redirect' | 'response'>,
  actions: readonly FormAction[],
  options: FormResultOptions = {},
): FormPageState {
  const results = actions.map((action) => astro.getActionResult(action));
  for (const result of results) if (result?.data?.ok) return { redirect: astro.redirect(result.data.redirect, 303) };
  const failed = results.find((result) => result && (result.error || (result.data && !result.data.ok)));
  const failure: FormFailureView | undefined =
    failed?.data && !failed.data.ok
      ? { error: failed.data.error, fields: failed.data.fields, values: failed.data.values ?? {}, retryAfter: failed.data.retryAfter }
      : failed?.error
        ? { error: 'error.unexpected', fields: {}, values: {} }
        : undefined;
  if (failure && options.status) astro.response.status = options.status(failure.error);
  // Refused by a rate limit: 429 with the seconds to wait, whatever page the form is on.
  if (failure?.retryAfter !== undefined) {
    astro.response.status = 429;
    astro.response.headers.set('Retry-After', String(failure.retryAfter));
  }
  return { failure };
}
