// Shared by every benchmark: the machine description and one way to write results.
// Each benchmark writes bench/results/<name>.json ({ name, date, machine, ...figures, summary })
// where `summary` is a short Markdown section; bench/summary.mjs gathers them into summary.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const RESULTS = new URL('../results/', import.meta.url);

/** What the figures were measured on: CPU, cores, memory, OS, Node and database versions. */
export function machine() {
  const cpus = os.cpus();
  let postgres = null;
  try {
    postgres = execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // PostgreSQL is optional for some benchmarks.
  }
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres,
  };
}

/** Writes bench/results/<name>.json; `summary` is Markdown shown in summary.md. */
export function writeResult(name, figures, summary) {
  mkdirSync(RESULTS, { recursive: true });
  const result = { name, date: new Date().toISOString(), machine: machine(), ...figures, summary };
  writeFileSync(new URL(`${name}.json`, RESULTS), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
