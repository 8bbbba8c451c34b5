// Validates every content file against the real schemas in src/content.config.ts and
// reports every problem as "file: field: message" (Astro's own sync stops at the first).
import { existsSync, globSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'astro/zod';
import { Ref } from './astro-shims.mjs';
import { readEntry } from './read-entry.mjs';

const root = process.cwd();
const { collections } = await import(join(root, 'src/content.config.ts'));
const { ContentError, checkSessionTimes, sessionDate } = await import(join(root, 'src/features/program/content-rules.ts'));
const editionRules = await import(join(root, 'src/features/program/editions.ts'));

/** @type {{file: string, field: string, message: string}[]} */
const problems = [];
const report = (file, field, message) => problems.push({ file, field, message });

/** "agenda[2].speakers[0]" from a Zod issue path. */
export function fieldName(path) {
  return (
    path.reduce((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : String(key)), '') || '(whole entry)'
  );
}

/**
 * A collection's schema; a schema that takes Astro's image() helper gets one that checks the
 * picture file exists next to the entry (the build then checks it is a picture).
 */
function schemaOf(collection, file) {
  if (typeof collection.schema !== 'function') return collection.schema;
  const image = () =>
    z
      .string()
      .refine((path) => existsSync(resolve(root, dirname(file), path)), { message: 'no such picture file (path relative to this file)' });
  return collection.schema({ image });
}

function readable(message) {
  return message
    .replace(/^Invalid input: expected \w+, received undefined$/, 'required field is missing')
    .replace(
      /^Invalid input: expected string, received Date$/,
      'put the date in quotes, like "2024-12-19" (unquoted, YAML reads it as a date, not text)',
    );
}

/** Ref objects anywhere in parsed data, with their field path. */
function* refsIn(value, path = []) {
  if (value instanceof Ref) yield { ref: value, path };
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* refsIn(v, [...path, i]);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* refsIn(v, [...path, k]);
}

const entries = {}; // collection → Map(id → { file, data }) of valid entries
const ids = {}; // collection → Set of every id, valid or not (no cascade of "no entry" errors)
for (const [name, collection] of Object.entries(collections)) {
  const { base, pattern } = collection.loader;
  entries[name] = new Map();
  ids[name] = new Set();
  for (const rel of globSync(pattern, { cwd: resolve(root, base) }).sort()) {
    const file = relative(root, resolve(root, base, rel));
    const id = rel.replace(/\.(ya?ml|md)$/, '');
    ids[name].add(id);
    let raw;
    try {
      raw = readEntry(join(root, file));
    } catch (error) {
      report(file, '(file)', `cannot be read: ${error.message.split('\n')[0]}`);
      continue;
    }
    const result = await schemaOf(collection, file).safeParseAsync(raw);
    if (!result.success) {
      for (const issue of result.error.issues) report(file, fieldName(issue.path), readable(issue.message));
      continue;
    }
    entries[name].set(id, { file, data: result.data });
  }
}

for (const map of Object.values(entries)) {
  for (const { file, data } of map.values()) {
    for (const { ref, path } of refsIn(data)) {
      if (!ids[ref.collection]?.has(ref.id)) report(file, fieldName(path), `no ${ref.collection} entry "${ref.id}"`);
    }
  }
}

/** Runs a rule; a ContentError it throws becomes a problem. */
function check(rule) {
  try {
    return rule();
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    report(error.file, error.field, error.problem);
    return undefined;
  }
}

const editions = [...entries.event.entries()].map(([id, { file, data }]) => ({
  id,
  file,
  data,
  current: data.current,
  path: data.path,
  startDate: data.startDate,
}));
const current = check(() => editionRules.currentEdition(editions));
check(() => editionRules.checkEditionPaths(editions));
const event = current?.data;
for (const { file, data } of entries.sessions.values()) {
  check(() => {
    const edition = editions.length > 0 ? editionRules.editionOf(data.edition, file, editions) : undefined;
    const own = editions.find((e) => e.id === edition)?.data;
    if (own) sessionDate(own, data.day, file);
    checkSessionTimes(data, file);
  });
}
for (const { file, data } of entries.papers.values()) {
  if (editions.length > 0) check(() => editionRules.editionOf(data.edition, file, editions));
}

const privacyPage = event?.registration?.privacyPage;
if (privacyPage && !ids.pages?.has(`en/${privacyPage}`) && !ids.pages?.has(`zh/${privacyPage}`)) {
  report(current.file, 'registration.privacyPage', `no page content/pages/en/${privacyPage}.md or zh/${privacyPage}.md`);
}

const counts = Object.entries(entries)
  .map(([name, map]) => `${map.size} ${name}`)
  .join(', ');
if (problems.length === 0) {
  console.log(`Content OK: ${counts}.`);
} else {
  for (const p of problems) console.error(`${p.file}: ${p.field}: ${p.message}`);
  console.error(
    `\n${problems.length} problem${problems.length === 1 ? '' : 's'} in content/. Fix them and run "npm run content:check" again.`,
  );
  process.exitCode = 1;
}
