/**
 * The node-postgres clients of the pool (database.ts). Each round trip to PostgreSQL costs both
 * processes more CPU than a small statement itself, and a registration under load is mostly
 * round trips; these clients send fewer without changing what runs, or in which order:
 *
 * - A transaction's BEGIN waits for its first statement and travels with it when that statement
 *   has no bound parameters (several statements in one simple-protocol message). Otherwise it
 *   is sent alone first, as before.
 * - After `sendWritesLater(trx)` (transaction.ts), an INSERT that returns nothing or the CALL of
 *   a procedure waits too (its values written into the SQL text, as literals) and travels with
 *   the next statement, which then goes as text as well. So a new registration's BEGIN, rate-limit
 *   counts, person, row, choices, answers and email go with the seats and the COMMIT. Any statement
 *   that reads sends what waits before it: a read always sees the transaction's own writes. An
 *   error of a waiting statement is raised by the statement it travelled with.
 * - A COMMIT sent when the server said no transaction is open (the last message carried its
 *   COMMIT: capacity.repository.ts) is answered here, as is a COMMIT or ROLLBACK of a transaction
 *   whose BEGIN never left.
 *
 * Kysely runs one query at a time on a connection and ends every transaction with COMMIT or
 * ROLLBACK, so nothing is in flight or left waiting when a connection goes back to the pool.
 */
import pg from 'pg';
import { Answers } from '../lib/answers.ts';
import { pgLiteral } from './literal.ts';
import { statementName } from './prepared.ts';
import { writesLaterSignal } from './transaction.ts';

type Values = unknown[];
type Result = pg.QueryResult;

const answered = (command: string | null): Promise<Result> =>
  Promise.resolve({ command: command as string, rowCount: null, rows: [], fields: [], oid: 0 });

/** A value as node-postgres would send it (text), written as a literal; undefined when it cannot be. */
function literal(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string') return pgLiteral(value);
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || typeof value === 'bigint') {
    return `'${String(value)}'`;
  }
  return undefined;
}

/** A statement's SQL cut at its parameters (text, parameter index, text, …), or null when it may not be inlined. */
type Cut = (string | number)[] | null;

/** The cuts of the statements this process sent inlined: the same few SQL texts, each cut once. */
const cuts = new Answers<Cut>(500);

function cut(text: string): Cut {
  if (/'|\$\$/.test(text)) return null;
  // split with a capturing group: the parameters' numbers at the odd places
  return text.split(/\$(\d+)/).map((part, i) => (i % 2 === 1 ? Number(part) - 1 : part));
}

/**
 * The query with its values written in: an untyped quoted literal is what a bound parameter
 * is to PostgreSQL (node-postgres sends every value as untyped text), so the statement means
 * the same. Only for SQL with no quote of its own (Kysely's statements: every value a
 * parameter), so a `$1` can only be a parameter; undefined when that or a value does not allow it.
 */
export function inlined(text: string, values: Values): string | undefined {
  const parts = cuts.get(text, () => cut(text));
  if (parts === null) return undefined;
  const literals = values.map(literal);
  if (literals.some((l) => l === undefined)) return undefined;
  let statement = '';
  for (const part of parts) statement += typeof part === 'string' ? part : (literals[part] ?? `$${part + 1}`);
  return statement;
}

/**
 * A write whose answer nobody reads: an INSERT that returns nothing (no RETURNING) and cannot
 * skip its rows (no ON CONFLICT), or the CALL of a procedure (ours have no OUT parameters).
 */
const isUnreadWrite = (text: string) => /^call /i.test(text) || (/^insert into /i.test(text) && !/ returning | on conflict /i.test(text));

export class ForumClient extends pg.Client {
  /** statements of the open transaction not sent yet, one statement each, in order */
  #waiting: string[] = [];
  /** after sendWritesLater, until the transaction ends */
  #writesLater = false;

  /** Send one query to the server (PreparingClient sends its known statements by name). */
  protected send(text: string, values: Values): Promise<Result> {
    return super.query(text, values);
  }

  /** Send a named statement (parsed and planned once per connection by the server). */
  protected sendNamed(config: pg.QueryConfig): Promise<Result> {
    return super.query(config);
  }

  // @ts-expect-error -- one body for all of pg's overloads; Kysely's (text, values) goes through run()
  override query(...args: unknown[]): unknown {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) return this.#run(text, values);
    // Another form (a cursor, a callback) would overtake the statements waiting: none is used in a transaction.
    if (this.#waiting.length > 0) throw new Error('a query of another form while statements wait to be sent');
    return super.query(...(args as [string]));
  }

  async #run(text: string, values: Values): Promise<Result> {
    if (text === 'begin') {
      if (this.#waiting.length > 0) throw new Error('BEGIN inside a transaction');
      this.#waiting.push('begin');
      return answered('BEGIN');
    }
    if (text === writesLaterSignal) {
      // Outside a transaction nothing would send the writes: they would wait for someone else's query.
      if (this.#waiting[0] !== 'begin' && this.getTransactionStatus() !== 'T') throw new Error('sendWritesLater outside a transaction');
      this.#writesLater = true;
      return answered(null);
    }
    if (text === 'commit' || text === 'rollback') return this.#end(text);
    if (this.#writesLater && isUnreadWrite(text)) {
      const statement = inlined(text, values);
      if (statement !== undefined) {
        this.#waiting.push(statement);
        // No row count: nobody may read it (isUnreadWrite); Kysely reports none for a command it does not know.
        return answered(null);
      }
    }
    if (this.#waiting.length === 0) return this.send(text, values);
    const waiting = this.#waiting;
    this.#waiting = [];
    const statement = values.length === 0 ? text : this.#writesLater ? inlined(text, values) : undefined;
    if (statement === undefined) {
      await this.send(waiting.join('; '), []);
      return this.send(text, values);
    }
    return ownResults(await this.send(`${waiting.join('; ')}; ${statement}`, []), waiting.length);
  }

  async #end(text: 'commit' | 'rollback'): Promise<Result> {
    const waiting = this.#waiting;
    this.#waiting = [];
    this.#writesLater = false;
    const begun = waiting[0] !== 'begin';
    if (text === 'rollback') return begun ? this.send(text, []) : answered('ROLLBACK');
    if (waiting.length === 1 && !begun) return answered('COMMIT');
    if (waiting.length > 0) return ownResults(await this.send(`${waiting.join('; ')}; commit`, []), waiting.length);
    // The transaction ended with the last message (status 'I', idle, in the last ReadyForQuery).
    if (this.getTransactionStatus() === 'I') return answered('COMMIT');
    return this.send(text, []);
  }
}

/** The results of a message minus those of the statements that travelled ahead of the query. */
function ownResults(result: Result | Result[], ahead: number): Result {
  const own = (result as Result[]).slice(ahead);
  // Several results only when the query itself held several statements, as node-postgres gives them.
  return (own.length === 1 ? own[0] : own) as Result;
}

/**
 * A client that runs the queries of prepared.ts as named statements: PostgreSQL then parses and
 * plans each once per connection, not on every call. Any other query runs as before.
 */
export class PreparingClient extends ForumClient {
  protected override send(text: string, values: Values): Promise<Result> {
    const name = statementName(text);
    return name ? this.sendNamed({ name, text, values }) : super.send(text, values);
  }
}
