// `npm run db:migrate`: bring the database in DATABASE_URL (default: the embedded SQLite
// file) up to date. The server also does this at start; this is for deploy pipelines.
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

const url = process.env.DATABASE_URL ?? 'sqlite:data/forum.db';
const database = openDatabase(url);
try {
  const applied = await migrateToLatest(database);
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await database.close();
}
