import { expect, test } from '@playwright/test';
import { globSync, readFileSync } from 'node:fs';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';

// Every built page, both languages: valid HTML is what assistive technology relies on.
test('every built page is valid HTML', async () => {
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
