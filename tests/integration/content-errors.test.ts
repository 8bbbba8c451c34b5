import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = process.cwd();
const copies: string[] = [];

/** A copy of content/ to break; the project reads it through CONTENT_DIR. */
function contentCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'forum-content-'));
  copies.push(dir);
  cpSync(join(root, 'content'), join(dir, 'content'), { recursive: true });
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

async function runWith(dir: string, args: string[]): Promise<{ code: number; output: string }> {
  const env = {
    ...process.env,
    CONTENT_DIR: join(dir, 'content'),
    ASTRO_CACHE_DIR: join(dir, 'cache'),
    ASTRO_TELEMETRY_DISABLED: '1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: root, env, maxBuffer: 20 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

const contentCheck = (dir: string) => runWith(dir, ['scripts/content-check.mjs']);
const astroBuild = (dir: string) => runWith(dir, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', join(dir, 'dist')]);

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('content errors name the file and the field', () => {
  it('test_content_check_passes_on_the_example_content', async () => {
    const { code, output } = await contentCheck(contentCopy());
    expect(output).toMatch(/Content OK: 1 event, \d+ speakers, \d+ sessions, 3 publications, \d+ papers/);
    expect(code).toBe(0);
  });

  it('test_content_check_lists_every_broken_entry_with_file_and_field', async () => {
    const dir = contentCopy();
    edit(dir, 'content/papers/complaint-text-classification.yaml', (t) => t.replace(/^title:/m, 'titel:'));
    edit(dir, 'content/sessions/parallel-1.yaml', (t) => t.replace('speakers: [speaker-i]', 'speakers: [speaker-zz]'));
    edit(dir, 'content/sessions/parallel-2.yaml', (t) => t.replace(/^day: 1$/m, 'day: 7'));
    edit(dir, 'content/papers/grid-management-community-response.yaml', (t) => t.replace(/^pdf: .*$/m, 'pdf: /papers/missing.pdf'));

    const { code, output } = await contentCheck(dir);
    expect(code).toBe(1);
    const lines = output.split('\n').map((l) => l.replace(/^.*?content\//, 'content/'));
    expect(lines).toContain('content/papers/complaint-text-classification.yaml: title: required field is missing');
    expect(lines).toContain('content/sessions/parallel-1.yaml: agenda[0].speakers[0]: no speakers entry "speaker-zz"');
    expect(lines).toContain(`content/sessions/parallel-2.yaml: day: day 7 is after the event's endDate 2024-12-20`);
    expect(lines).toContain('content/papers/grid-management-community-response.yaml: pdf: file not found under public/');
    expect(output).toMatch(/5 problems in content\//);
  });

  it('test_content_check_reads_yaml_as_the_build_does_an_unquoted_date_is_a_date_not_text', async () => {
    const dir = contentCopy();
    cpSync(join(root, 'tests/fixtures/broken-content/papers/unquoted-date.yaml'), join(dir, 'content/papers/unquoted-date.yaml'));

    const { code, output } = await contentCheck(dir);
    expect(code).toBe(1);
    const lines = output.split('\n').map((l) => l.replace(/^.*?content\//, 'content/'));
    expect(lines).toContain(
      'content/papers/unquoted-date.yaml: published: put the date in quotes, like "2024-12-19" (unquoted, YAML reads it as a date, not text)',
    );
    expect(output).toMatch(/1 problem in content\//);
  });

  it('test_the_build_fails_on_a_schema_error_naming_the_file_and_the_field', async () => {
    const dir = contentCopy();
    edit(dir, 'content/papers/complaint-text-classification.yaml', (t) => t.replace(/^year: .*$/m, 'year: "soon"'));
    const { code, output } = await astroBuild(dir);
    expect(code).not.toBe(0);
    expect(output).toContain('content/papers/complaint-text-classification.yaml');
    expect(output).toMatch(/year\**: \**year: Expected type `"number"`, received `"string"`/);
    expect(existsSync(join(dir, 'dist', 'client', 'en', 'index.html'))).toBe(false);
  }, 60_000);

  it('test_the_build_fails_on_a_dangling_reference_naming_the_file_and_the_field', async () => {
    const dir = contentCopy();
    edit(dir, 'content/sessions/parallel-1.yaml', (t) => t.replace('speakers: [speaker-i]', 'speakers: [speaker-zz]'));
    const { code, output } = await astroBuild(dir);
    expect(code).not.toBe(0);
    expect(output).toMatch(/content\/sessions\/parallel-1\.yaml: agenda\[0\]\.speakers\[0\]: no speakers entry "speaker-zz"/);
    expect(existsSync(join(dir, 'dist', 'client', 'en', 'index.html'))).toBe(false);
  }, 60_000);
});

describe('content editions', () => {
  const secondEdition = (dir: string) =>
    cpSync(join(root, 'tests/fixtures/broken-content/event/forum-2025.yaml'), join(dir, 'content/event/forum-2025.yaml'));
  const linesOf = (output: string) => output.split('\n').map((l) => l.replace(/^.*?content\//, 'content/'));

  it('test_content_check_two_editions_without_current_names_both_files', async () => {
    const dir = contentCopy();
    secondEdition(dir);
    const { code, output } = await contentCheck(dir);
    expect(code).toBe(1);
    expect(linesOf(output)).toContain(
      'content/event/: current: several editions and none is marked current: true: beijing-2024.yaml, forum-2025.yaml',
    );
  });

  it('test_content_check_two_editions_need_an_edition_on_every_session_and_paper', async () => {
    const dir = contentCopy();
    secondEdition(dir);
    edit(dir, 'content/event/forum-2025.yaml', (t) => `${t}current: true\n`);
    edit(dir, 'content/sessions/parallel-1.yaml', (t) => t.replace(/^edition: .*\n/m, ''));
    edit(dir, 'content/papers/complaint-text-classification.yaml', (t) => t.replace(/^edition: .*$/m, 'edition: forum-2031'));
    const { code, output } = await contentCheck(dir);
    expect(code).toBe(1);
    const lines = linesOf(output);
    expect(lines).toContain(
      'content/sessions/parallel-1.yaml: edition: required when content/event/ has several editions (beijing-2024, forum-2025)',
    );
    expect(lines).toContain('content/papers/complaint-text-classification.yaml: edition: no event file content/event/forum-2031.yaml');
    expect(output).toMatch(/2 problems in content\//);
  });

  it('test_content_check_passes_with_a_current_and_a_past_edition', async () => {
    const dir = contentCopy();
    secondEdition(dir);
    edit(dir, 'content/event/forum-2025.yaml', (t) => `${t}current: true\n`);
    const { code, output } = await contentCheck(dir);
    expect(output).toMatch(/Content OK: 2 event/);
    expect(code).toBe(0);
  });
});
