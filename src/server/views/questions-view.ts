/** The custom questions as the registration form shows them (components/registration/Questions.astro). */
import type { Catalog, QuestionKind } from '../../features/registration/catalog.ts';
import { questionField } from '../../features/registration/questions.ts';
import { type Locale, str } from '../../i18n/locale.ts';
import { t } from '../../i18n/t.ts';
import { countryOptions } from '../../lib/countries.ts';

export interface QuestionView {
  /** form field name, question-<id> */
  field: string;
  kind: QuestionKind;
  required: boolean;
  label: string;
  help?: string | undefined;
  /** choice kinds and country: value and text of each option (yes/no too) */
  options: { value: string; label: string }[];
  /** "Only for: Student ticket; International" when the question is not for everyone */
  audience?: string | undefined;
  /** ticket and category ids it is asked with (empty = all), for the script that hides the others */
  tickets: string[];
  categories: string[];
  sample: boolean;
}

export function questionsView(catalog: Catalog, locale: Locale): QuestionView[] {
  const sep = locale === 'zh' ? '、' : ', ';
  return (catalog.questions ?? []).map((q) => {
    const tickets = q.tickets.map((id) => str(catalog.tickets.find((x) => x.id === id)?.name, locale) || id);
    const categories = q.categories.map((id) => str(catalog.categories.find((x) => x.id === id)?.label, locale) || id);
    const audience = [...tickets, ...categories].join(sep);
    const options =
      q.kind === 'country'
        ? countryOptions(locale).map((c) => ({ value: c.code, label: c.name }))
        : q.kind === 'yes-no'
          ? (['yes', 'no'] as const).map((v) => ({ value: v, label: t(locale, `register.${v}`) }))
          : q.options.map((o) => ({ value: o.id, label: str(o.label, locale) }));
    return {
      field: questionField(q.id),
      kind: q.kind,
      required: q.required,
      label: str(q.label, locale),
      help: q.help ? str(q.help, locale) : undefined,
      options,
      audience: audience ? t(locale, 'register.questionAudience', { audience }) : undefined,
      tickets: q.tickets,
      categories: q.categories,
      sample: q.sample,
    };
  });
}
