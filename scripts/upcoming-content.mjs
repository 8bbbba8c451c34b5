// Copies content/ to a folder holding TWO editions, so that registration and visits are open:
// - the example edition (2024) kept whole as a past edition: its event file as it is, and its
//   sessions copied with ids suffixed by its path (main-forum-2024 …), readable under /en/2024/…;
// - a clearly labelled sample next edition as the current one: the same event moved by whole
//   years so that it lies ahead (provisional dates, marked sample), with the sessions under
//   their own ids (the browser tests use them) and the visit slots moved along.
// Papers keep their ids and edition (they name the 2024 edition that released them).
// Used by the browser tests of registration, visits and editions, by the soak tests and by
// `npm run start:upcoming`. Usage: node scripts/upcoming-content.mjs <target folder>
import { cpSync, globSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse } from 'yaml';

const source = resolve(process.env.CONTENT_DIR ?? 'content');
const target = resolve(process.argv[2] ?? '.upcoming/content');
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });

const read = (file) => readFileSync(join(target, file), 'utf8');
const write = (file, text) => writeFileSync(join(target, file), text);

const [eventFile] = globSync('event/*.yaml', { cwd: target });
const pastId = basename(eventFile, '.yaml');
const event = parse(read(eventFile));
const pastPath = event.path ?? event.startDate.slice(0, 4);
const start = new Date(`${event.startDate}T00:00:00Z`);
const soon = new Date(Date.now() + 60 * 86_400_000);
let years = 0;
while (new Date(Date.UTC(start.getUTCFullYear() + years, start.getUTCMonth(), start.getUTCDate())) < soon) years++;
const year = start.getUTCFullYear() + years;
const byYear = pastId.replace(/\d{4}$/, String(year));
const currentId = byYear === pastId ? `${pastId}-next` : byYear;

// Only whole dates (YYYY-MM-DD, also inside date-times) in the files that schedule things.
const shift = (text) => text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_, y, m, d) => `${Number(y) + years}-${m}-${d}`);

// The sample next edition: the event moved ahead, named as a sample with provisional dates.
const next = shift(read(eventFile))
  .replace(/^#.*\n/, `# SAMPLE next edition made by scripts/upcoming-content.mjs: provisional dates, not an announcement.\n`)
  .replace(/^acronym: .*$/m, `acronym: ${event.acronym.replace(/\d{4}$/, String(year))}`)
  .replace(/^edition:\n {2}en: .*\n {2}zh: .*$/m, `edition:\n  en: "${year} (sample)"\n  zh: ${year}年（示例）`)
  .replace(/^theme:\n {2}en: .*\n {2}zh: .*$/m, 'theme:\n  en: Sample theme (to be announced)\n  zh: 示例主题（待公布）')
  .replace(
    /^summary:\n(?: .*\n)+/m,
    [
      'summary:',
      `  en: Sample next edition with provisional dates, for trying registration and visits; the ${pastPath} edition is in the archive.`,
      `  zh: 示例下一届论坛（日期待定），用于试用报名和参观预约；${pastPath}年论坛见往届存档。`,
      '',
    ].join('\n'),
  )
  .replace(/^datesAreSample: .*$/m, 'datesAreSample: true')
  .replace(/^sample: .*$/m, 'sample: true');
write(`event/${currentId}.yaml`, `${next}current: true\n`);

// Sessions: the past edition keeps copies (ids suffixed); the current one takes the ids.
const renamed = new Map();
for (const file of globSync('sessions/*.yaml', { cwd: target })) {
  const id = basename(file, '.yaml');
  const pastCopy = `sessions/${id}-${pastPath}.yaml`;
  renamed.set(id, `${id}-${pastPath}`);
  const text = read(file);
  write(pastCopy, /^edition: /m.test(text) ? text : `${text}edition: ${pastId}\n`);
  // The sample edition presents no paper yet: the papers belong to the edition that released them.
  const current = text
    .replace(/^edition: .*\n?/m, '')
    .replace(/^ +paper: .*\n/gm, '')
    .replace(/\n+$/, '\n');
  write(file, `${current}edition: ${currentId}\n`);
}
// Papers keep their ids; the session they were presented at is the past edition's copy.
for (const file of globSync('papers/*.yaml', { cwd: target })) {
  const text = read(file);
  const updated = text.replace(/^session: (\S+)$/m, (line, id) => (renamed.has(id) ? `session: ${renamed.get(id)}` : line));
  write(file, /^edition: /m.test(updated) ? updated : `${updated}edition: ${pastId}\n`);
}
for (const file of globSync('visits/*.yaml', { cwd: target })) write(file, shift(read(file)));
console.log(
  `content copied to ${target}: ${pastId} kept as a past edition (/${pastPath}/), sample ${currentId} current, dates ${years} year(s) ahead`,
);
