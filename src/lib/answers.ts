/**
 * Answers worth keeping: the same few questions (a date in a zone, a deadline in a language)
 * are asked on every request. The store is emptied whenever it holds `limit` answers, so it
 * never grows without bound, whatever is asked.
 */
export class Answers<T> {
  readonly #kept = new Map<string, T>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The answer kept for `key`, or `compute`'s, kept from now on. */
  get(key: string, compute: () => T): T {
    let answer = this.#kept.get(key);
    if (answer === undefined) {
      if (this.#kept.size >= this.#limit) this.#kept.clear();
      answer = compute();
      this.#kept.set(key, answer);
    }
    return answer;
  }
}
