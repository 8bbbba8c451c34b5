/** Answers to the custom questions, one row per registration and question. */
import type { Executor } from '../../db/transaction.ts';

export async function insertAnswers(db: Executor, registrationId: string, answers: { questionId: string; value: string }[]) {
  if (answers.length === 0) return;
  await db
    .insertInto('registration_answer')
    .values(answers.map((a) => ({ registration_id: registrationId, question_id: a.questionId, value: a.value })))
    .execute();
}

export async function listAnswers(db: Executor, registrationId: string) {
  return db.selectFrom('registration_answer').selectAll().where('registration_id', '=', registrationId).orderBy('question_id').execute();
}
