/** html-validate (the project's .htmlvalidate.json) over a page as served, for pages behind a sign-in. */
import { expect } from '@playwright/test';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';

const validator = new HtmlValidate(new FileSystemConfigLoader());

export async function expectValidHtml(html: string): Promise<void> {
  const report = await validator.validateString(html);
  const problems = report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
  expect(problems).toEqual([]);
}
