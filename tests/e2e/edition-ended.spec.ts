/** The example content is the 2024 edition, long over: the pages say so (the phase comes at request time). */
import { expect, test } from '@playwright/test';

for (const locale of ['en', 'zh'] as const) {
  test(`test_home_${locale}_of_the_2024_content_says_the_edition_has_ended_with_links`, async ({ page }) => {
    await page.goto(`/${locale}/`);
    const phase = page.locator('[data-phase]');
    await expect(phase).toHaveAttribute('data-phase', 'ended'); // the server island arrived
    await expect(phase).toContainText(locale === 'en' ? 'This edition has ended.' : '本届论坛已经结束。');
    await expect(phase.locator(`a[href="/${locale}/papers/"]`)).toBeVisible();
    await expect(phase.locator(`a[href="/${locale}/program/"]`)).toBeVisible();
    await expect(
      page.locator('main').getByRole('link', { name: locale === 'en' ? 'Register to attend' : '报名参会', exact: true }),
    ).toHaveCount(0);
  });
}

test('test_register_page_of_the_2024_content_says_ended_and_offers_no_form', async ({ page }) => {
  await page.goto('/en/register/');
  await expect(page.locator('[data-phase]')).toHaveAttribute('data-phase', 'ended');
  await expect(page.getByText('This edition has ended.')).toBeVisible();
  await expect(page.locator('a[href="/en/papers/"]').last()).toBeVisible();
  await expect(page.locator('form.form')).toBeHidden();
});

test('test_visits_page_of_the_2024_content_shows_no_book_button_for_past_slots', async ({ page }) => {
  await page.goto('/en/visits/');
  await expect(page.locator('.slot-closed').first()).toBeVisible(); // the server islands arrived
  await expect(page.getByRole('link', { name: /Book the visit at/ })).toHaveCount(0);
  await expect(page.locator('[data-phase]')).toHaveAttribute('data-phase', 'ended');
  await page.goto('/en/visits/book/?slot=day-2-1400-en');
  await expect(page.getByText('This time slot can no longer be booked.')).toBeVisible();
});
