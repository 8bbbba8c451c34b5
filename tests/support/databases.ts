/**
 * Real databases for integration tests: a fresh SQLite file, and a fresh database in the
 * PostgreSQL cluster started by global-setup. Every suite that touches the database runs on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Db, type Dialect, type OpenOptions } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const dialects: Dialect[] = ['sqlite', 'postgres'];

export interface TestDb extends Db {
  /** URL another process (worker thread, server) can open */
  url: string;
  drop(): Promise<void>;
}

let counter = 0;

export async function createTestDb(dialect: Dialect, options: OpenOptions = {}): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'forum-sqlite-'));
    const url = `sqlite:${join(dir, 'test.db')}`;
    const db = openDatabase(url);
    await migrateToLatest(db);
    return {
      ...db,
      url,
      async drop() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = inject('postgresUrl');
  const name = `test_${process.pid}_${Date.now()}_${counter++}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const target = new URL(admin);
  target.pathname = `/${name}`;
  const url = target.toString();
  const db = openDatabase(url, options);
  await migrateToLatest(db);
  return {
    ...db,
    url,
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
