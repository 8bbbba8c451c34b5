/** Shared plumbing of the form actions: result shape, error translation, the visitor's identity. */
import type { ActionAPIContext } from 'astro:actions';
import { services } from '../server/services.ts';
import { toFormFailure } from '../server/errors.ts';
import type { FormResult } from '../server/form-result.ts';
import { requirePerson } from '../server/person.ts';
import type { Deps } from '../features/deps.ts';

import { storedLocale, type Locale } from '../i18n/locale.ts';
export type { FormResult };

/** A text field of the form, '' when absent (or a file). */
export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export const localeOf = (form: FormData): Locale => {
  const value = form.get('locale');
  return storedLocale(typeof value === 'string' ? value : undefined);
};

/** Echo the submitted text fields back into the form after an error (never files). */
export function values(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Map<string, number>();
  for (const [k, v] of form.entries()) {
    if (typeof v !== 'string' || v.length > 2000) continue;
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    if (n === 0) out[k] = v;
    out[`${k}.${n}`] = v; // repeated fields (visitor rows) by position
  }
  return out;
}

/**
 * The body of every form action: runs `work` with the services and the form's locale, and turns
 * its outcome into the action's result: the address it returns → `{ ok: true, redirect }`, any
 * error → a translated failure (with the submitted text fields when `keepValues`).
 */
export async function handleForm(
  form: FormData,
  where: string,
  work: (deps: Deps, locale: Locale) => Promise<string>,
  keepValues = false,
): Promise<FormResult> {
  const locale = localeOf(form);
  try {
    const { deps } = await services();
    return { ok: true, redirect: await work(deps, locale) };
  } catch (error) {
    return keepValues ? { ...toFormFailure(error, where), values: values(form) } : toFormFailure(error, where);
  }
}

/** `handleForm` for the person whose magic link opened this browser session (InvalidToken otherwise). */
export function handleFormAsPerson(
  form: FormData,
  context: ActionAPIContext,
  where: string,
  work: (deps: Deps, personId: string, locale: Locale) => Promise<string>,
) {
  return handleForm(form, where, async (deps, locale) => work(deps, await requirePerson(deps, context.cookies), locale));
}
