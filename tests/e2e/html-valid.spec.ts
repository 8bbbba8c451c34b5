import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { globSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { createRequire } from 'node:module';

/** The checker itself, shipped by the vnu-jar package (it runs on the system's Java). */
const vnuJar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');

// Every built page, both languages: valid HTML is what assistive technology relies on.
test('test_every_built_page_passes_html_validate', async () => {
  test.setTimeout(240_000); // three languages, past editions: some 450 pages, up to ~0.5 s each on a busy machine
  const files = globSync('dist/client/**/*.html').filter((f) => !f.includes('/pagefind/'));
  expect(files.length).toBeGreaterThan(100);
  const validator = new HtmlValidate(new FileSystemConfigLoader()); // reads .htmlvalidate.json
  const problems: string[] = [];
  for (const file of files) {
    const report = await validator.validateString(readFileSync(file, 'utf8'), file);
    for (const result of report.results) {
      for (const m of result.messages) problems.push(`${file}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
    }
  }
  expect(problems.slice(0, 30)).toEqual([]);
});

/**
 * The Nu HTML checker (the W3C validator's engine, from the vnu-jar package) over every
 * built page, and over the pages rendered per request, saved as served.
 */
test('test_every_page_passes_the_nu_html_checker', async ({ request }) => {
  test.setTimeout(120_000);
  const served = mkdtempSync(join(tmpdir(), 'forum-nu-'));
  const perRequest = ['/register/', '/my/', '/visits/book/'].flatMap((p) => ['en', 'zh', 'zh-hant'].map((l) => `/${l}${p}`));
  for (const path of [...perRequest, '/en/no-such-page/']) {
    const response = await request.get(path);
    writeFileSync(join(served, `${path.replaceAll('/', '_')}.html`), await response.text());
  }
  const result = spawnSync('java', ['-jar', vnuJar, '--errors-only', '--skip-non-html', '--format', 'text', 'dist/client', served], {
    encoding: 'utf8',
  });
  rmSync(served, { recursive: true, force: true });
  const errors = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => line.startsWith('Error:') || line.includes('resource file:'));
  expect(result.error).toBeUndefined();
  expect(errors.slice(0, 30)).toEqual([]);
  expect(result.status).toBe(0);
});
