import pg from 'pg';

// eslint-disable-next-line @typescript-eslint/unbound-method -- put back on the prototype, called with its client
const realQuery = pg.Client.prototype.query;

/**
 * Run `work`, returning the SQL of every message node-postgres sent to a server meanwhile
 * (its own query, which every message goes through, recorded on the prototype). The statements
 * of one pipeline (src/db/pg-client.ts), sent in one write, come as one text joined by "; ".
 */
export async function pgMessages(work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [first] = args;
    sent.push(typeof first === 'string' ? first : (first as { text: string }).text);
    return realQuery.apply(this, args as never);
  } as typeof realQuery;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = realQuery;
  }
  return sent;
}
