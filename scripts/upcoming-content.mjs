// Copies content/ to a folder with every event and visit date moved by whole years so that
// the forum lies ahead (the example content is the 2024 edition, now past). Used by the
// browser tests of registration and visit booking, and by `npm run start:upcoming`.
// Usage: node scripts/upcoming-content.mjs <target folder>
import { cpSync, globSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const source = resolve(process.env.CONTENT_DIR ?? 'content');
const target = resolve(process.argv[2] ?? '.upcoming/content');
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });

const [eventFile] = globSync('event/*.yaml', { cwd: target });
const event = parse(readFileSync(join(target, eventFile), 'utf8'));
const start = new Date(`${event.startDate}T00:00:00Z`);
const soon = new Date(Date.now() + 60 * 86_400_000);
let years = 0;
while (new Date(Date.UTC(start.getUTCFullYear() + years, start.getUTCMonth(), start.getUTCDate())) < soon) years++;

// Only whole dates (YYYY-MM-DD, also inside date-times) in the files that schedule things.
const shift = (text) => text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_, y, m, d) => `${Number(y) + years}-${m}-${d}`);
for (const file of [eventFile, ...globSync('visits/*.yaml', { cwd: target })]) {
  const path = join(target, file);
  writeFileSync(path, shift(readFileSync(path, 'utf8')));
}
console.log(`content copied to ${target}, dates moved ${years} year(s) ahead`);
