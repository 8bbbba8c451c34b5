/**
 * Instances starting at once on a fresh database: each runs the migrations at start. They
 * must queue behind one lock (PostgreSQL: Kysely's advisory lock; SQLite: one IMMEDIATE
 * transaction), never both create the tables.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

const run = promisify(execFile);
const node = join(process.cwd(), 'node_modules/.bin/node');

/** `npm run db:migrate` as separate processes, all started together. */
async function migrateFromProcesses(url: string, processes: number): Promise<string[]> {
  const outcomes = await Promise.allSettled(
    Array.from({ length: processes }, () => run(node, ['scripts/migrate.ts'], { env: { ...process.env, DATABASE_URL: url } })),
  );
  return outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : `failed: ${String((o.reason as { stderr?: string }).stderr ?? o.reason)}`));
}

async function expectCompleteSchema(url: string) {
  const database = openDatabase(url);
  try {
    expect(await migrateToLatest(database)).toEqual([]);
    const tables = (await database.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['person', 'registration', 'booking', 'capacity', 'outbox']));
  } finally {
    await database.close();
  }
}

describe('migrations on a fresh database', () => {
  it('test_four_connections_migrating_a_fresh_sqlite_file_at_the_same_instant_all_succeed', { timeout: 180_000 }, async () => {
    const parties = 4;
    const barrier = new SharedArrayBuffer(8);
    const workers = Array.from(
      { length: parties },
      () => new Worker(new URL('../support/migrate-worker.ts', import.meta.url), { workerData: { barrier, parties } }),
    );
    try {
      for (let trial = 0; trial < 8; trial++) {
        const dir = mkdtempSync(join(tmpdir(), 'forum-migrate-'));
        const url = `sqlite:${join(dir, 'forum.db')}`;
        try {
          const answers = workers.map((w) => new Promise<string>((resolve) => w.once('message', resolve)));
          for (const w of workers) w.postMessage({ url, trial });
          expect(await Promise.all(answers), `trial ${trial}`).toEqual(Array(parties).fill('ok'));
          await expectCompleteSchema(url);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  });

  it('test_three_processes_migrating_a_fresh_sqlite_file_at_once_all_succeed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forum-migrate-'));
    const url = `sqlite:${join(dir, 'forum.db')}`;
    try {
      expect(await migrateFromProcesses(url, 3)).toEqual(['ok', 'ok', 'ok']);
      await expectCompleteSchema(url);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('test_three_processes_migrating_a_fresh_postgres_database_at_once_all_succeed', async () => {
    const admin = inject('postgresUrl');
    for (let trial = 0; trial < 2; trial++) {
      const name = `migrate_${process.pid}_${Date.now()}_${trial}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`create database ${name}`);
      const target = new URL(admin);
      target.pathname = `/${name}`;
      try {
        expect(await migrateFromProcesses(target.toString(), 3), `trial ${trial}`).toEqual(['ok', 'ok', 'ok']);
        await expectCompleteSchema(target.toString());
      } finally {
        await client.query(`drop database if exists ${name} with (force)`);
        await client.end();
      }
    }
  });
});
