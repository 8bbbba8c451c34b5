// Gathers every bench/results/*.json into bench/results/summary.md: the machine first, then one
// section per benchmark, its own `summary` Markdown when it has one (bench/lib/results.mjs), or a
// short table made from its figures (older result files have none).
//
// Run: node bench/summary.mjs   (the last step of npm run bench)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { machine } from './lib/results.mjs';

const RESULTS = new URL('./results/', import.meta.url);
const SKIP = new Set(['name', 'date', 'at', 'machine', 'summary']);

const describe = (m) =>
  `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB memory; ${m.os}; Node ${m.node}${m.postgres ? `; ${m.postgres}` : ''}`;

const isScalar = (v) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const cell = (v) => (v === null || v === undefined ? '' : String(v).replace(/\|/g, '\\|'));

/** A Markdown table of objects: their scalar fields as columns (at most 8), `key` first if given. */
function table(items, key) {
  const columns = [...new Set(items.flatMap((item) => Object.keys(item).filter((k) => k !== key && isScalar(item[k]))))].slice(
    0,
    key ? 7 : 8,
  );
  const head = key ? [key, ...columns] : columns;
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...items.map(
      (item) => `| ${(key ? [item[key], ...columns.map((c) => item[c])] : columns.map((c) => item[c])).map(cell).join(' | ')} |`,
    ),
  ].join('\n');
}

/** Figures of a result file without a summary: its scalar fields, then each list as a table. */
function fromFields(result) {
  const lines = [];
  const scalars = Object.entries(result).filter(([k, v]) => !SKIP.has(k) && isScalar(v));
  if (scalars.length) lines.push(scalars.map(([k, v]) => `- ${k}: ${v}`).join('\n'));
  for (const [k, v] of Object.entries(result)) {
    if (SKIP.has(k) || isScalar(v)) continue;
    if (Array.isArray(v) && v.length && v.every((x) => x && typeof x === 'object')) lines.push(`${k}:\n\n${table(v)}`);
    else if (!Array.isArray(v) && Object.values(v).every((x) => x && typeof x === 'object' && !Array.isArray(x)))
      lines.push(
        `${k}:\n\n${table(
          Object.entries(v).map(([name, x]) => ({ [k]: name, ...x })),
          k,
        )}`,
      );
  }
  return lines.join('\n\n');
}

const here = machine();
const files = readdirSync(RESULTS)
  .filter((f) => f.endsWith('.json'))
  .sort();
const sections = files.map((file) => {
  const result = JSON.parse(readFileSync(new URL(file, RESULTS), 'utf8'));
  const name = result.name ?? file.replace(/\.json$/, '');
  const date = result.date ?? result.at;
  const other = result.machine && describe(result.machine) !== describe(here) ? ` on ${describe(result.machine)}` : '';
  const body = result.summary ? result.summary.replace(/^## .*\n+/, '') : fromFields(result);
  return `## ${name}\n\n_${date ? `Measured ${date.slice(0, 16).replace('T', ' ')} UTC` : 'Date not recorded'}${other}; bench/results/${file}._\n\n${body.trim()}\n`;
});
const markdown = `# Benchmarks\n\nMachine: ${describe(here)}.\n\n${sections.join('\n')}`;
writeFileSync(new URL('summary.md', RESULTS), markdown);
console.log(`Wrote bench/results/summary.md (${files.length} results)`);
