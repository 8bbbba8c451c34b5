/**
 * Custom questions of content (event file: registration.questions): which apply to a ticket and
 * category, the answers checked on the server, and the answers read back. The form sends each
 * question as `question-<id>` (several values for multi-choice); answers to questions that do
 * not apply to the chosen ticket and category are ignored.
 */
import type { Deps } from '../deps.ts';
import { DomainError } from '../shared/domain-error.ts';
import { isCountryCode } from '../../lib/countries.ts';
import type { Catalog, QuestionInfo } from './catalog.ts';
import type { Executor } from '../../db/transaction.ts';
import { insertAnswers, listAnswers } from './answers.repository.ts';

/** A checked answer: text, an option id, 'yes'/'no', a country code, or option ids (multi-choice). */
export interface Answer {
  questionId: string;
  value: string | string[];
}

/** The form field of a question. */
export const questionField = (id: string) => `question-${id}`;

const MAX_TEXT = 1000;

export function applies(question: QuestionInfo, ticketId: string, categoryId: string): boolean {
  return (
    (question.tickets.length === 0 || question.tickets.includes(ticketId)) &&
    (question.categories.length === 0 || question.categories.includes(categoryId))
  );
}

/** The questions asked of someone with this ticket and category, in content order. */
export function questionsFor(catalog: Catalog, ticketId: string, categoryId: string): QuestionInfo[] {
  return (catalog.questions ?? []).filter((q) => applies(q, ticketId, categoryId));
}

/** Values of a field as sent: a string, several strings, or nothing. */
function values(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return list.map((v) => (typeof v === 'string' ? v.trim() : '')).filter((v) => v !== '');
}

/** One question's answer, undefined when unanswered, or the i18n key of its problem. */
function check(question: QuestionInfo, raw: unknown): Answer | undefined | string {
  const given = values(raw);
  const one = given[0];
  if (one === undefined) return question.required ? 'form.error.required' : undefined;
  const optionIds = question.options.map((o) => o.id);
  switch (question.kind) {
    case 'text':
      return one.length > MAX_TEXT ? 'form.error.tooLong' : { questionId: question.id, value: one };
    case 'choice':
      return optionIds.includes(one) && given.length === 1 ? { questionId: question.id, value: one } : 'form.error.choice';
    case 'multi-choice': {
      const picked = [...new Set(given)];
      if (picked.some((v) => !optionIds.includes(v))) return 'form.error.choice';
      return { questionId: question.id, value: optionIds.filter((id) => picked.includes(id)) };
    }
    case 'yes-no':
      return one === 'yes' || one === 'no' ? { questionId: question.id, value: one } : 'form.error.choice';
    case 'country':
      return isCountryCode(one) ? { questionId: question.id, value: one } : 'form.error.choice';
  }
}

/**
 * The answers in a submitted form for this ticket and category, or InvalidInput with
 * { 'question-<id>': 'form.error.*' } per question. Questions that do not apply are skipped.
 */
export function parseAnswers(catalog: Catalog, ticketId: string, categoryId: string, record: Record<string, unknown>): Answer[] {
  const answers: Answer[] = [];
  const fields: Record<string, string> = {};
  for (const question of questionsFor(catalog, ticketId, categoryId)) {
    const result = check(question, record[questionField(question.id)]);
    if (typeof result === 'string') fields[questionField(question.id)] = result;
    else if (result) answers.push(result);
  }
  if (Object.keys(fields).length > 0) throw new DomainError('InvalidInput', fields);
  return answers;
}

/** An answer as stored: multi-choice as JSON text. */
export function storedValue(answer: Answer): string {
  return Array.isArray(answer.value) ? JSON.stringify(answer.value) : answer.value;
}

/** A registration's answers, each with its question (answers to questions no longer in content keep their raw value). */
export async function answersOf(deps: Deps, registrationId: string): Promise<(Answer & { question: QuestionInfo | undefined })[]> {
  const rows = await listAnswers(deps.db, registrationId);
  const order = (deps.catalog.questions ?? []).map((q) => q.id);
  return rows
    .map((row) => {
      const question = deps.catalog.questions?.find((q) => q.id === row.question_id);
      const value = question?.kind === 'multi-choice' ? (JSON.parse(row.value) as string[]) : row.value;
      return { questionId: row.question_id, value, question };
    })
    .sort((a, b) => order.indexOf(a.questionId) - order.indexOf(b.questionId));
}

/** Store a new registration's answers, inside its transaction. */
export async function saveAnswers(trx: Executor, registrationId: string, answers: Answer[] | undefined): Promise<void> {
  await insertAnswers(
    trx,
    registrationId,
    (answers ?? []).map((a) => ({ questionId: a.questionId, value: storedValue(a) })),
  );
}
