/**
 * The relay's queries with thousands of emails waiting, as after a registration burst. SQLite
 * answers synchronously, so a query that walks every waiting row blocks the whole server while
 * it runs; it has no statistics either (no ANALYZE), so it picks indexes by their shape alone.
 * Every outbox query a relay run makes is captured and its plan read: a query about given rows
 * reaches them by their id, one about a relay's leases by the lease, the claim reads the due
 * rows in order and stops (no sort of all of them). PostgreSQL plans from statistics; the
 * relay's behaviour on both databases is covered by outbox-relay.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompiledQuery, type KyselyPlugin, type UnknownRow } from 'kysely';
import type { OutgoingEmail } from '../../src/features/notifications/email.types.ts';
import {
  claimBatchRest,
  claimDue,
  enqueueEmail,
  findMessages,
  markBatch,
  releaseClaims,
  renewLeases,
} from '../../src/features/notifications/outbox.repository.ts';
import { relayOnce } from '../../src/features/notifications/relay.ts';
import { createResendMailer } from '../../src/features/notifications/resend-mailer.ts';
import { renderTemplate } from '../../src/features/notifications/templates/render.ts';
import { startFakeResend, type FakeResend } from '../fixtures/fake-resend.ts';
import { createTestDb, type TestDb } from '../support/databases.ts';

const WAITING = 3_000;
const now = new Date('2026-11-23T06:00:00.000Z');

function announcement(i: number): OutgoingEmail {
  return {
    kind: 'announcement',
    recipient: `guest${i}@example.org`,
    locale: i % 2 ? 'zh' : 'en',
    payload: { announcementId: 'ann-1', personId: `person-${i}`, name: `Guest Number${i}`, subject: 'Venue change', body: 'Room 2 now.' },
  };
}

describe('outbox queries with 3,000 emails waiting (SQLite)', () => {
  let testDb: TestDb;
  let resend: FakeResend;
  const captured: CompiledQuery[] = [];

  /** Records every query run through it, compiled as the database receives it. */
  const capture: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      captured.push(testDb.db.getExecutor().compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  };

  beforeEach(async () => {
    testDb = await createTestDb('sqlite');
    resend = await startFakeResend();
    captured.length = 0;
    await testDb.db.transaction().execute(async (trx) => {
      for (let i = 0; i < WAITING; i++) await enqueueEmail(trx, announcement(i), new Date(now.getTime() - (WAITING - i) * 1000));
    });
  });

  afterEach(async () => {
    await resend.stop();
    await testDb.drop();
  });

  async function plan(query: CompiledQuery): Promise<string[]> {
    const { rows } = await testDb.db.executeQuery<UnknownRow>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
    return rows.map((r) => String(r.detail));
  }

  it('test_each_relay_query_reaches_only_the_rows_it_needs', async () => {
    const db = testDb.db.withPlugin(capture);
    const result = await relayOnce({
      db,
      clock: { now: () => now },
      mailer: createResendMailer({ apiKey: 're_test_key', baseUrl: resend.url }),
      render: async ({ id, kind, locale, payload }) => ({
        ...(await renderTemplate(kind, {
          locale,
          payload,
          links: { manage: `https://forum.example/${locale}/manage/#${id}` },
          siteName: 'Forum',
        })),
        attachments: [],
      }),
      from: 'Forum <noreply@forum.example>',
      workerId: 'relay-a',
      batchSize: 100,
    });
    expect(result.sent).toBe(100);
    // The other lease queries: renewal, hand-back (all but one, then some), a batch's recovery.
    const lease = { workerId: 'relay-b', now, leaseMs: 30_000 };
    const claimed = await claimDue(db, { ...lease, limit: 50 });
    expect(claimed).toHaveLength(50);
    const ids = claimed.map((m) => m.id);
    expect(await renewLeases(db, lease)).toBe(50);
    expect(await renewLeases(db, { ...lease, ids: ids.slice(0, 10) })).toBe(10);
    expect(await markBatch(db, { ...lease, ids: ids.slice(0, 20), key: 'k1' })).toHaveLength(20);
    expect(await releaseClaims(db, 'relay-b', { except: ids.slice(0, 1) })).toBe(49);
    expect(await claimBatchRest(db, { workerId: 'relay-c', now, leaseMs: 30_000, key: 'k1' })).toMatchObject({ complete: false });
    expect(await findMessages(db, ids.slice(0, 5))).toHaveLength(5);
    expect(await releaseClaims(db, 'relay-c', { ids: ids.slice(1, 5) })).toBe(4);

    const outboxQueries = captured.filter((q) => /"outbox"/.test(q.sql) && !/^insert/.test(q.sql));
    expect(outboxQueries.length).toBeGreaterThan(10);
    for (const query of outboxQueries) {
      const steps = await plan(query);
      const context = `${query.sql}\n  → ${steps.join('\n  → ')}`;
      // never a walk through the table or through every pending row
      expect(
        steps.some((s) => /^SCAN outbox/.test(s)),
        context,
      ).toBe(false);
      // rows named by id, by the relay holding them or by their batch: found through that key
      const byKey = steps.some((s) =>
        /USING INDEX (sqlite_autoindex_outbox_1 \(id=\?\)|outbox_locked \(locked_by=\?\)|outbox_batch \(provider_id=\?\))/.test(s),
      );
      // the claim: the due rows in the order they fall due, the first few read (no sort of them all)
      const claim =
        / limit \?$/.test(query.sql) &&
        steps.some((s) => /USING INDEX outbox_due/.test(s)) &&
        !steps.includes('USE TEMP B-TREE FOR ORDER BY');
      expect(byKey || claim, context).toBe(true);
    }
  });
});
