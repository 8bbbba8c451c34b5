/**
 * The node-postgres clients of the pool (database.ts). Each round trip to PostgreSQL costs both
 * processes more CPU than a small statement itself, and a registration under load is mostly
 * round trips; these clients send fewer without changing what runs, or in which order:
 *
 * - A transaction's BEGIN waits for its first statement and travels with it.
 * - After `sendWritesLater(trx)` (transaction.ts), an INSERT that returns nothing or the CALL of
 *   a procedure waits too and travels with the next statement. So a new registration's BEGIN,
 *   rate-limit counts, person, row, choices, answers, email and seats go with its COMMIT. Any
 *   statement that reads sends what waits before it: a read always sees the transaction's own
 *   writes. An error of a waiting statement is raised by the statement it travelled with.
 * - Statements that travel together go as one pipeline of the extended protocol (Pipeline,
 *   below): each keeps its bound parameters, so the statements of prepared.ts run by name
 *   (PreparingClient), parsed and planned once per connection, and one Sync ends them all, so
 *   the server answers in one go and, after an error, skips the rest (the transaction then
 *   commits nothing). Until 2026-12 they went as one text with their values written in, which
 *   the server parsed, analysed and planned afresh each time: a fifth of its CPU per registration.
 * - A COMMIT or ROLLBACK of a transaction whose BEGIN never left is answered here.
 *
 * Kysely runs one query at a time on a connection and ends every transaction with COMMIT or
 * ROLLBACK, so nothing is in flight or left waiting when a connection goes back to the pool.
 */
import pg from 'pg';
import { statementName } from './prepared.ts';
import { writesLaterSignal } from './transaction.ts';

type Values = unknown[];
type Result = pg.QueryResult;

const answered = (command: string | null): Promise<Result> =>
  Promise.resolve({ command: command as string, rowCount: null, rows: [], fields: [], oid: 0 });

/**
 * A write whose answer nobody reads: an INSERT that returns nothing (no RETURNING) and cannot
 * skip its rows (no ON CONFLICT), or the CALL of a procedure (ours have no OUT parameters).
 */
const isUnreadWrite = (text: string) => /^call /i.test(text) || (/^insert into /i.test(text) && !/ returning | on conflict /i.test(text));

/** A statement to send: its SQL, its values, and the name it is prepared under, if any. */
interface Statement {
  text: string;
  values: Values;
  name: string | undefined;
}

/**
 * What node-postgres's connection offers a query (its internals, not in its published types:
 * Pipeline drives them as its own Query does, so package.json pins pg to one exact version).
 */
interface Connection {
  stream: { cork?(): void; uncork?(): void };
  on(event: 'parseComplete', listener: () => void): void;
  off(event: 'parseComplete', listener: () => void): void;
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(config: { text: string; name?: string }): void;
  bind(config: { statement?: string; values: Values; valueMapper: (value: unknown) => unknown }): void;
  execute(config: { portal: string }): void;
  sync(): void;
}
/** node-postgres's own query (its internals, pg 8.23): the last statement of a pipeline, whose rows are read. */
interface PgQuery {
  _result: { _types?: unknown };
  _results: unknown;
  prepare(connection: Connection): void;
  _getRows(connection: Connection, rows?: number): void;
  handleRowDescription(message: unknown): void;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: Connection): void;
  handleError(error: unknown, connection: Connection): void;
}
const PgQuery = pg.Query as unknown as new (config: pg.QueryConfig & { queryMode?: 'extended' }) => PgQuery;
/** How node-postgres writes a value for the server (a Date, an array, JSON…). */
const prepareValue = (pg as unknown as { utils: { prepareValue: (value: unknown) => unknown } }).utils.prepareValue;

/**
 * Several statements in one write, each parsed (when not yet on this connection), bound and
 * executed, and one Sync after the last: the server runs them in order and answers once. The
 * client hands every answer to this object (its active query). The statements before the last
 * wait for nobody to read them (a BEGIN, writes that return nothing: ForumClient), so only their
 * completion is counted; the last one's rows and command go to a node-postgres query, which
 * gives the result. After an error the server skips everything up to the Sync, and that error
 * is the pipeline's.
 */
class Pipeline {
  readonly #statements: Statement[];
  readonly #last: PgQuery;
  /** the statement whose answers arrive now */
  #current = 0;
  /** the statement names this pipeline sends a Parse for, in order ('' unnamed), and how many the server has parsed */
  readonly #parsing: string[] = [];
  #parsed = 0;
  #connection: Connection | undefined;
  /** counts the server's ParseComplete answers (node-postgres keeps track of a named query's own only) */
  readonly #onParsed = () => {
    const name = this.#parsing[this.#parsed++];
    const connection = this.#connection;
    if (!name || !connection) return;
    connection.parsedStatements[name] = connection.submittedNamedStatements[name] ?? '';
    delete connection.submittedNamedStatements[name];
  };
  /** the last statement's values could not be written (node-postgres then ended the pipeline there) */
  #unsent: unknown;
  /** the error is node-postgres's: a DatabaseError from the server, or the connection's */
  callback: ((error: Error | null, result?: Result) => void) | undefined;

  constructor(statements: Statement[], types: unknown) {
    this.#statements = statements;
    const { text, values, name } = statements.at(-1)!;
    this.#last = new PgQuery({ text, values, name, queryMode: 'extended' });
    this.#last._result._types = types;
    // Executed without a Sync of its own: the pipeline sends one after it.
    this.#last._getRows = (connection) => connection.execute({ portal: '' });
    // Only when its values cannot be written (node-postgres then sends a Sync itself).
    this.#last.handleError = (error) => (this.#unsent ??= error);
  }

  /** Its statements' SQL as one text, for a reader (a test): made only when asked, it is not sent so. */
  get text(): string {
    return this.#statements.map((statement) => statement.text).join('; ');
  }

  submit(connection: Connection): null {
    this.#connection = connection;
    connection.on('parseComplete', this.#onParsed);
    connection.stream.cork?.();
    try {
      for (const [index, { text, values, name }] of this.#statements.entries()) {
        const parse = !name || (connection.parsedStatements[name] === undefined && connection.submittedNamedStatements[name] === undefined);
        // every unnamed statement is parsed (its ParseComplete counts as well)
        if (parse) this.#parsing.push(name ?? '');
        if (index === this.#statements.length - 1) {
          this.#last.prepare(connection);
          if (this.#unsent !== undefined) return null;
          break;
        }
        if (parse) {
          connection.parse({ text, name });
          if (name) connection.submittedNamedStatements[name] = text;
        }
        connection.bind({ statement: name, values, valueMapper: prepareValue });
        connection.execute({ portal: '' });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(message: unknown): void {
    if (this.#isLast()) this.#last.handleRowDescription(message);
  }
  handleDataRow(message: unknown): void {
    if (this.#isLast()) this.#last.handleDataRow(message);
  }
  handleCommandComplete(message: unknown, connection: Connection): void {
    if (this.#isLast()) this.#last.handleCommandComplete(message, connection);
    this.#current += 1;
  }
  handleEmptyQuery(): void {
    this.#current += 1;
  }
  handlePortalSuspended(): void {
    // never asked for: every statement runs to its end
  }
  handleCopyInResponse(): void {
    // no COPY travels in a pipeline
  }
  handleCopyData(): void {
    // no COPY travels in a pipeline
  }

  /** The server refused a statement and skipped the rest: the Parses it skipped created nothing. */
  handleError(error: unknown, connection: Connection): void {
    for (const name of this.#parsing.slice(this.#parsed)) if (name) delete connection.submittedNamedStatements[name];
    this.#end(error as Error);
  }

  handleReadyForQuery(connection: Connection): void {
    if (this.#unsent !== undefined) return this.handleError(this.#unsent, connection);
    this.#end(null, this.#last._results as Result);
  }

  #isLast(): boolean {
    return this.#current === this.#statements.length - 1;
  }

  #end(error: Error | null, result?: Result): void {
    this.#connection?.off('parseComplete', this.#onParsed);
    this.#connection = undefined;
    const callback = this.callback;
    this.callback = undefined;
    callback?.(error, result);
  }
}

export class ForumClient extends pg.Client {
  /** statements of the open transaction not sent yet, in order */
  #waiting: Statement[] = [];
  /** after sendWritesLater, until the transaction ends */
  #writesLater = false;

  /** The name a statement runs under (PreparingClient: the statements of prepared.ts); none here. */
  protected nameOf(_text: string): string | undefined {
    return undefined;
  }

  // @ts-expect-error -- one body for all of pg's overloads; Kysely's (text, values) goes through run()
  override query(...args: unknown[]): unknown {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) return this.#run(text, values);
    // Another form (a cursor, a callback) would overtake the statements waiting: none is used in a transaction.
    if (this.#waiting.length > 0) throw new Error('a query of another form while statements wait to be sent');
    return super.query(...(args as [string]));
  }

  #run(text: string, values: Values): Promise<Result> {
    if (text === 'begin') {
      if (this.#waiting.length > 0) throw new Error('BEGIN inside a transaction');
      this.#waiting.push({ text, values: [], name: undefined });
      return answered('BEGIN');
    }
    if (text === writesLaterSignal) {
      // Outside a transaction nothing would send the writes: they would wait for someone else's query.
      if (this.#waiting[0]?.text !== 'begin' && this.getTransactionStatus() !== 'T')
        throw new Error('sendWritesLater outside a transaction');
      this.#writesLater = true;
      return answered(null);
    }
    if (text === 'commit' || text === 'rollback') return this.#end(text);
    if (this.#writesLater && isUnreadWrite(text)) {
      this.#waiting.push({ text, values, name: this.nameOf(text) });
      // No row count: nobody may read it (isUnreadWrite); Kysely reports none for a command it does not know.
      return answered(null);
    }
    return this.#send({ text, values, name: this.nameOf(text) });
  }

  #end(text: 'commit' | 'rollback'): Promise<Result> {
    const begun = this.#waiting[0]?.text !== 'begin';
    this.#writesLater = false;
    if (!begun && (text === 'rollback' || this.#waiting.length === 1)) {
      this.#waiting = [];
      return answered(text === 'commit' ? 'COMMIT' : 'ROLLBACK');
    }
    // A ROLLBACK drops what waits: none of it was sent.
    if (text === 'rollback') this.#waiting = [];
    return this.#send({ text, values: [], name: undefined });
  }

  /**
   * The statement, after the ones waiting: all in one pipeline, or, when none has values (a
   * BEGIN before the SQL of lockCapacityRows, which may hold several statements, as the
   * extended protocol may not), as one text.
   */
  async #send(statement: Statement): Promise<Result> {
    const waiting = this.#waiting;
    this.#waiting = [];
    const { text, values, name } = statement;
    if (waiting.length === 0) return (name ? super.query({ name, text, values }) : super.query(text, values)) as Promise<Result>;
    if (values.length === 0 && waiting.every((w) => w.values.length === 0)) {
      const texts = [...waiting.map((w) => w.text), text].join('; ');
      return ownResults((await super.query(texts)) as Result | Result[], waiting.length);
    }
    if (values.length === 0 && text.includes(';')) {
      // Perhaps several statements: a text of its own, after the pipeline of those waiting.
      await this.#pipeline(waiting);
      return (await super.query(text)) as Result;
    }
    return this.#pipeline([...waiting, statement]);
  }

  #pipeline(statements: Statement[]): Promise<Result> {
    const pipeline = new Pipeline(statements, (this as unknown as { _types: unknown })._types);
    return new Promise((resolve, reject) => {
      pipeline.callback = (error, result) => (error === null ? resolve(result!) : reject(error));
      super.query(pipeline as unknown as pg.Submittable);
    });
  }
}

/** The results of a text minus those of the statements that travelled ahead of the query's own. */
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
  protected override nameOf(text: string): string | undefined {
    return statementName(text);
  }
}
