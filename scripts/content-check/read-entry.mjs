// Reads a content file the way Astro's glob loader does, so the checker validates the same
// data the build will: YAML through js-yaml's load() with its default schema (an unquoted
// 2024-12-19 becomes a Date, not a string), Markdown frontmatter through Astro's own
// parseFrontmatter. Both are resolved from astro's dependencies: the versions the build runs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const fromAstro = createRequire(import.meta.resolve('astro'));
const yaml = fromAstro('js-yaml');
const { extractFrontmatter, parseFrontmatter } = await import(
  pathToFileURL(fromAstro.resolve('@astrojs/internal-helpers/frontmatter')).href
);

/** The data of a .yaml entry or of a .md entry's frontmatter. */
export function readEntry(file) {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.md')) return yaml.load(text, { filename: file }) ?? {};
  if (extractFrontmatter(text) === undefined) throw new Error('Markdown file has no frontmatter (--- … ---) block');
  return parseFrontmatter(text, { frontmatter: 'empty-with-spaces' }).frontmatter;
}
