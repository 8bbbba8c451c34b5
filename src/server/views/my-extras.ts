/**
 * What "my registration" shows besides the registration itself: the answers to the custom
 * questions (components/registration/MyAnswers.astro), the invitation letter request and the
 * receipt (components/registration/MyLetterReceipt.astro).
 */
import type { Deps } from '../../features/deps.ts';
import type { LetterState } from '../../db/schema.ts';
import { answersOf } from '../../features/registration/questions.ts';
import { findReceipt } from '../../features/registration/receipts.ts';
import { findLiveRegistration, listRegistrationsOf } from '../../features/registration/registration.repository.ts';
import { type Locale, str } from '../../i18n/locale.ts';
import { t } from '../../i18n/t.ts';
import { countryName } from '../../lib/countries.ts';
import { routes } from '../../lib/routes.ts';

export interface MyExtrasView {
  /** each answered question with the answer as shown */
  answers: { question: string; answer: string }[];
  /** the letter request: its state, and the organizers' reason when rejected */
  letter?: { state: Exclude<LetterState, 'none'>; note?: string | undefined } | undefined;
  /** paid and confirmed: the receipt's number and where to download it */
  receipt?: { number: string; href: string; invoice: boolean } | undefined;
}

export async function myExtrasView(deps: Deps, personId: string, locale: Locale): Promise<MyExtrasView | undefined> {
  const { catalog } = deps;
  const reg =
    (await findLiveRegistration(deps.db, catalog.edition, personId)) ?? (await listRegistrationsOf(deps.db, catalog.edition, personId))[0];
  if (!reg) return undefined;
  const answers = (await answersOf(deps, reg.id)).map(({ question, value }) => {
    const values = Array.isArray(value) ? value : [value];
    const shown = values.map((v) => {
      if (question?.kind === 'country') return countryName(v, locale);
      if (question?.kind === 'yes-no') return t(locale, v === 'yes' ? 'register.yes' : 'register.no');
      const option = question?.options.find((o) => o.id === v);
      return option ? str(option.label, locale) : v;
    });
    return { question: question ? str(question.label, locale) : '', answer: shown.join(locale === 'zh' ? '、' : ', ') };
  });
  const receipt = reg.status === 'confirmed' ? await findReceipt(deps.db, reg.id) : undefined;
  return {
    answers: answers.filter((a) => a.question !== ''),
    letter: reg.letter_state === 'none' ? undefined : { state: reg.letter_state, note: reg.letter_note ?? undefined },
    receipt: receipt && { number: receipt.number, href: routes.myFile(locale, 'receipt.pdf'), invoice: Boolean(reg.invoice_title) },
  };
}
