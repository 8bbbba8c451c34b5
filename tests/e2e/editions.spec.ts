/**
 * Two editions (the upcoming fixture, npm run build:upcoming): the 2024 edition is past and
 * readable under /<locale>/2024/…, a sample next edition is current with registration open.
 */
import { expect, test } from '@playwright/test';
import { globSync, readFileSync } from 'node:fs';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { expectNoAxeViolations } from './helpers.ts';

test('test_past_edition_program_and_session_readable_under_its_path_while_current_registration_open', async ({ page }) => {
  const program = await page.goto('/en/2024/program/');
  expect(program?.status()).toBe(200);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.getByText('From the archive')).toBeVisible();
  // The past edition's sessions link under its path, with their own ids.
  const session = page.locator('a[href="/en/2024/sessions/main-forum-2024/"]');
  await expect(session).toHaveCount(1);
  await session.click();
  await expect(page).toHaveURL(/\/en\/2024\/sessions\/main-forum-2024\/$/);
  await expect(page.locator('time').first()).toHaveAttribute('datetime', '2024-12-19');
  // No calendar export for a past edition: exports belong to the current one.
  await expect(page.locator('article a[href$=".ics"]')).toHaveCount(0);
  // Its speakers, under the same path.
  const speakers = await page.goto('/en/2024/speakers/');
  expect(speakers?.status()).toBe(200);
  await expect(page.locator('a[href^="/en/2024/speakers/"]').first()).toBeVisible();

  // Registration belongs to the current edition, and is open there.
  await page.goto('/en/register/');
  await expect(page.locator('[data-phase]')).toHaveAttribute('data-phase', 'open');
  await expect(page.getByText(/Registration is open until/)).toBeVisible();
  await expect(page.locator('form.form')).toBeVisible();
  // The current edition's program keeps today's URLs.
  await page.goto('/en/program/');
  await expect(page.locator('a[href="/en/sessions/main-forum/"]').first()).toBeVisible();
  await expect(page.getByText('From the archive')).toHaveCount(0);
});

test('test_paper_url_unchanged_across_editions_and_names_its_edition', async ({ page }) => {
  const response = await page.goto('/en/papers/grid-management-community-response/');
  expect(response?.status()).toBe(200);
  const released = page.locator('a[data-edition="beijing-2024"]');
  await expect(released).toHaveAttribute('href', '/en/2024/program/');
  await expect(released).toContainText('2024');
  await expect(page.locator('a[href="/en/2024/sessions/parallel-2-2024/"]')).toBeVisible();
  await page.goto('/zh/papers/grid-management-community-response/');
  await expect(page.locator('a[data-edition="beijing-2024"]')).toHaveAttribute('href', '/zh/2024/program/');
});

test('test_archive_lists_both_editions_newest_first', async ({ page }) => {
  await page.goto('/en/');
  await page.locator('footer').getByRole('link', { name: 'All editions of the forum' }).click();
  await expect(page).toHaveURL(/\/en\/editions\/$/);
  const editions = page.locator('li[data-edition]');
  await expect(editions).toHaveCount(2);
  await expect(editions.nth(0)).toContainText('Current edition');
  await expect(editions.nth(0)).toContainText('sample');
  await expect(editions.nth(1)).toHaveAttribute('data-edition', 'beijing-2024');
  await expect(editions.nth(1).locator('a[href="/en/2024/program/"]')).toBeVisible();
  await expect(editions.nth(0).locator('a[href="/en/program/"]')).toBeVisible();
});

test('test_current_home_says_registration_open_with_register_button', async ({ page }) => {
  await page.goto('/en/');
  const phase = page.locator('[data-phase]');
  await expect(phase).toHaveAttribute('data-phase', 'open'); // the server island arrived
  await expect(phase.getByRole('link', { name: 'Register to attend' })).toHaveAttribute('href', '/en/register/');
});

for (const path of ['/en/2024/program/', '/zh/2024/sessions/parallel-1-2024/', '/en/2024/speakers/speaker-c/', '/zh/editions/']) {
  test(`test_edition_page_${path}_axe_finds_no_violation`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.locator('h1')).toHaveCount(1);
    await expectNoAxeViolations(page);
  });
}

test('test_past_edition_pages_pass_html_validate', async () => {
  const files = globSync('.upcoming/dist/client/{en,zh}/{2024/**/*.html,editions/*.html}');
  expect(files.length).toBeGreaterThan(20);
  const validator = new HtmlValidate(new FileSystemConfigLoader());
  const problems: string[] = [];
  for (const file of files) {
    const report = await validator.validateString(readFileSync(file, 'utf8'), file);
    for (const result of report.results) for (const m of result.messages) problems.push(`${file}:${m.line} ${m.ruleId}: ${m.message}`);
  }
  expect(problems.slice(0, 20)).toEqual([]);
});

test('test_search_indexes_the_current_editions_session_and_speaker_pages_not_the_past_copies', async ({ page }) => {
  for (const [path, indexed] of [
    ['/en/sessions/parallel-1/', 1],
    ['/en/speakers/speaker-c/', 1],
    ['/en/2024/sessions/parallel-1-2024/', 0],
    ['/zh/2024/speakers/speaker-c/', 0],
  ] as const) {
    await page.goto(path);
    await expect(page.locator('[data-pagefind-body]'), path).toHaveCount(indexed);
  }
});
