import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './helpers.ts';
import { expectValidHtml } from './valid-html.ts';
import { book, confirmFromEmail, emailsTo, uniqueEmail, waitForEmail, type Booking } from './flows.ts';

/** Book, then confirm from the email as the visitor does: the browser ends on "my registration". */
async function bookAndConfirm(page: Page, locale: 'en' | 'zh', b: Booking) {
  await book(page, locale, b);
  await expect(page).toHaveURL(new RegExp(`/${locale}/check-email/\\?for=booking&by=`));
  await confirmFromEmail(page, b.email);
}

/** Someone else's booking, made anonymously: unconfirmed, it holds its places. */
async function bookInNewContext(browser: Browser, b: Booking) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await book(page, 'en', b);
  await expect(page).toHaveURL(/\/en\/check-email\/\?for=booking&by=/);
  return { context, page };
}

test('test_the_visits_page_lists_slots_with_live_places_and_has_no_axe_violations', async ({ page }) => {
  await page.goto('/en/visits/');
  await expect(page.locator('h1')).toHaveText('Visit the 12345 hotline service center');
  await expect(page.locator('main')).toContainText('China Standard Time (UTC+8)');
  await expect(page.locator('.seats').first()).toContainText(/places left|waiting list/); // the server island arrived
  await expectNoAxeViolations(page);
  await page.goto('/zh/visits/');
  await expect(page.locator('.seats').first()).toContainText(/剩余|候补/);
});

for (const locale of ['en', 'zh'] as const) {
  const booked = locale === 'en' ? 'Booked' : '已预约';
  const slot = locale === 'en' ? 'day-2-1400-en' : 'day-2-1400-zh';

  test.describe(`booking without JavaScript (${locale})`, () => {
    test.use({ javaScriptEnabled: false });

    test(`test_book_a_slot_with_two_visitors_and_documents_${locale}`, async ({ page }) => {
      const email = uniqueEmail(`visit-nojs-${locale}`);
      await bookAndConfirm(page, locale, { slot: slot, party: 2, email, name: 'Speaker Visit' });
      await expect(page.locator('[data-booking-status]')).toHaveText(booked);
      await expect
        .poll(
          () =>
            emailsTo(email)
              .map((m) => m.attachments.join(','))
              .join(';'),
          { timeout: 15_000 },
        )
        .toContain('visit-qr.png');
    });
  });

  test(`test_book_with_javascript_visitor_rows_follow_the_party_size_${locale}`, async ({ page }) => {
    await page.goto(`/${locale}/visits/book/`);
    await expect(page.locator('fieldset.visitor[data-visitor="2"]')).toBeHidden();
    await page.locator('#f-partySize').selectOption('3');
    await expect(page.locator('fieldset.visitor[data-visitor="3"]')).toBeVisible();
    await expect(page.locator('fieldset.visitor[data-visitor="4"]')).toBeHidden();
    await expectNoAxeViolations(page);
    const email = uniqueEmail(`visit-js-${locale}`);
    await book(page, locale, { slot: slot, party: 1, email, name: 'Visitor JS' });
    await expect(page).toHaveURL(new RegExp(`/${locale}/check-email/\\?for=booking&by=`));
    await expectNoAxeViolations(page);
    await confirmFromEmail(page, email);
    await expect(page.locator('[data-booking-status]')).toHaveText(booked);
    await expectNoAxeViolations(page);
  });
}

test.describe('booking form errors without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('test_form_errors_are_per_field_and_translated', async ({ page }) => {
    await page.goto('/zh/visits/book/');
    await page.locator('form.form button[type=submit]').last().click();
    await expect(page.locator('#error-summary h2')).toHaveText('请修改以下问题。');
    await expect(page.locator('#error-summary')).toContainText('参观时段');
  });
});

test('test_growing_a_party_beyond_the_places_left_is_refused_with_a_clear_message', async ({ page, browser }) => {
  const others = [5, 5, 3];
  for (const party of others)
    await (await bookInNewContext(browser, { slot: 'day-2-1500-zh', party, email: uniqueEmail('filler'), language: 'zh' })).context.close();
  await bookAndConfirm(page, 'en', { slot: 'day-2-1500-zh', party: 2, email: uniqueEmail('grow'), language: 'zh' });
  await expect(page.locator('[data-booking-status]')).toHaveText('Booked');
  await page.locator('select[name=partySize]').first().selectOption('3');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#error-summary h2')).toHaveText('There are not enough places left for that many visitors.');
  await page.goto('/en/my/');
  await expect(page.locator('.booking')).toContainText('2 visitors');
});

test('test_cancelling_returns_the_places_and_promotes_the_next_waiting_visitor_who_is_emailed', async ({ page, browser }) => {
  const slot = 'day-2-1600-en';
  const leaverEmail = uniqueEmail('leaver');
  const leaver = await bookInNewContext(browser, { slot, party: 5, email: leaverEmail });
  await confirmFromEmail(leaver.page, leaverEmail);
  for (const party of [5, 5]) await (await bookInNewContext(browser, { slot, party, email: uniqueEmail('full') })).context.close();
  const waiterEmail = uniqueEmail('waiter');
  await bookAndConfirm(page, 'en', { slot, party: 2, email: waiterEmail });
  await expect(page.locator('[data-booking-status]')).toHaveText('On the waiting list');

  // One tap cancels nothing: the box must be ticked first, as for a registration.
  await leaver.page.getByRole('button', { name: 'Cancel this visit' }).click();
  await expect(leaver.page.locator('[data-booking-status]')).toHaveText('Booked');
  await expect(leaver.page.getByText('Tick the box to confirm the cancellation.')).toBeVisible();
  await leaver.page.getByLabel('Yes, cancel this visit').check();
  await leaver.page.getByRole('button', { name: 'Cancel this visit' }).click();
  await expect(leaver.page.locator('[data-booking-status]')).toHaveText('Cancelled');
  await leaver.context.close();

  await page.reload();
  await expect(page.locator('[data-booking-status]')).toHaveText('Booked');
  await waitForEmail(waiterEmail, /Places have freed up/);
});

test('test_a_visitor_without_registration_sees_my_bookings_with_the_booking_first', async ({ page }) => {
  const email = uniqueEmail('visit-only');
  // A slot the other tests leave room in (the 15:00 one is filled on purpose above).
  await bookAndConfirm(page, 'en', { slot: 'day-2-1400-en', party: 1, email, name: 'Visitor Only', language: 'en' });
  await expect(page.locator('[data-booking-status]')).toHaveText('Booked');
  await expect(page.locator('h1')).toHaveText('My bookings');
  await expect(page).toHaveTitle(/^My bookings/);
  // The booking comes before the invitation to register.
  const booking = page.locator('article.booking').first();
  const register = page.locator('main').getByRole('link', { name: 'Register to attend' });
  const [bookingTop, registerTop] = await Promise.all([booking.boundingBox(), register.boundingBox()]);
  expect(bookingTop!.y).toBeLessThan(registerTop!.y);
  // Where and when: the slot's time with the zone named, the meeting point and what to bring.
  await expect(booking.locator('[data-where-when]')).toContainText(/14:00–15:00, China Standard Time \(UTC\+8\)/);
  await expect(booking.locator('[data-where-when]')).toContainText('Meeting point');
  await expectNoAxeViolations(page);
  await expectValidHtml(await (await page.request.get('/en/my/')).text());
  const confirmed = await waitForEmail(email, /is confirmed/);
  expect(confirmed.text).toMatch(/where and when/i);
  expect(confirmed.text).toContain('Meeting point');
});
