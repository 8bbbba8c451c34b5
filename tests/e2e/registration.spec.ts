import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './helpers.ts';
import { expectValidHtml } from './valid-html.ts';
import { confirmFromEmail, confirmSubject, fillRegistration, linkIn, signInWithLink, uniqueEmail, waitForEmail } from './flows.ts';

test.describe('registration without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('test_register_a_free_ticket_confirm_from_the_email_open_the_registration_elsewhere', async ({ page, browser }) => {
    const email = uniqueEmail('nojs');
    await fillRegistration(page, 'en', { name: 'Speaker Nojs', email });
    // No access from the form: "check your email", with the time to confirm by, zone named.
    await expect(page).toHaveURL(/\/en\/check-email\/\?for=registration&by=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
    await expect(page.locator('h1')).toHaveText('Check your email');
    await expect(page.locator('[role=status]')).toContainText(/by .+ \(China Standard Time \(UTC\+8\)\) to confirm your registration/);
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('forum_access');
    const message = await waitForEmail(email, confirmSubject);
    const link = linkIn(message);
    expect(link).not.toContain(email);

    const other = await browser.newContext({ javaScriptEnabled: false });
    const phone = await other.newPage();
    await signInWithLink(phone, link);
    await expect(phone).toHaveURL(/\/en\/my\/\?confirmed=1$/);
    await expect(phone.locator('[data-status]')).toHaveText('Confirmed');
    await expect(phone.locator('h2#reg-heading')).toHaveText('Speaker Nojs');
    const ticket = await phone.request.get('/en/my/ticket.pdf');
    expect(ticket.headers()['content-type']).toBe('application/pdf');
    expect((await ticket.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await other.close();
  });

  test('test_errors_come_back_per_field_in_the_page_language_with_the_values_kept', async ({ page }) => {
    await page.goto('/zh/register/');
    await page.locator('#f-name').fill('<script>alert(1)</script>');
    await page.locator('#f-email').fill('not-an-email');
    await page.locator('form.form button[type=submit]').last().click();
    await expect(page.locator('#error-summary h2')).toHaveText('请修改以下问题。');
    await expect(page.locator('#f-email-error')).toHaveText('请输入有效的电子邮箱，例如 name@example.org。');
    await expect(page.locator('#f-name')).toHaveValue('<script>alert(1)</script>');
    await expect(page.locator('#f-email')).toHaveAttribute('aria-invalid', 'true');
  });
});

test('test_the_registration_form_with_errors_has_no_axe_violations', async ({ page }) => {
  await page.goto('/en/register/');
  await expectNoAxeViolations(page);
  await page.locator('form.form button[type=submit]').last().click();
  await expect(page.locator('#error-summary')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('test_register_with_javascript_in_chinese_confirm_from_the_email_change_a_blocks_session_cancel', async ({ page }) => {
  const email = uniqueEmail('js');
  await fillRegistration(page, 'zh', { name: '示例参会者', email, session: 'parallel-2', category: 'mainland' });
  await expect(page).toHaveURL(/\/zh\/check-email\/\?for=registration&by=/);
  await expect(page.locator('h1')).toHaveText('请查收邮件');
  await expect(page.locator('[role=status]')).toContainText('中国标准时间');
  await expectNoAxeViolations(page);
  await page.goto(linkIn(await waitForEmail(email, confirmSubject)));
  await expect(page.locator('h1')).toHaveText('打开您的报名');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page).toHaveURL(/\/zh\/my\/\?confirmed=1$/);
  await expect(page.locator('[data-status]')).toHaveText('已确认');
  await expectNoAxeViolations(page);

  const day2 = page.locator('form[data-block="d2-0900"]');
  await day2.locator('input[value="parallel-4"]').check();
  await day2.getByRole('button', { name: '更改本时段' }).click();
  await expect(page).toHaveURL(/changed=1/);
  await expect(page.locator('dl.meta [data-choice="d1-1400"]')).toContainText('P2');
  await expect(page.locator('dl.meta [data-choice="d2-0900"]')).toContainText('P4');

  await page.getByRole('button', { name: '取消报名' }).click();
  await expect(page.locator('#error-summary')).toBeVisible(); // the confirmation box was not ticked
  await page.locator('#f-confirm').check();
  await page.getByRole('button', { name: '取消报名' }).click();
  await expect(page.locator('[data-status]')).toHaveText('已取消');
  await waitForEmail(email, /取消/);
});

test('test_a_paid_ticket_is_paid_once_confirmed_through_the_simulated_checkout', async ({ page }) => {
  const email = uniqueEmail('paid');
  await fillRegistration(page, 'en', { name: 'Speaker Paid', email, ticket: 'full-pass', session: 'parallel-1' });
  await expect(page).toHaveURL(/\/en\/check-email\//);
  await confirmFromEmail(page, email);
  await expect(page.locator('[data-status]')).toHaveText('Waiting for payment');
  await page.getByRole('button', { name: /^Pay / }).click();
  await expect(page).toHaveURL(/\/en\/pay\/simulated\/sim_cs_[0-9a-f]+\/$/);
  await expect(page.locator('.sim-banner')).toContainText('no money moves');
  await expect(page.locator('dl.meta')).toContainText('CNY');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Pay (simulated)' }).click();
  await expect(page).toHaveURL(/\/en\/my\/\?paid=1$/);
  await expect(page.locator('[data-status]')).toHaveText('Confirmed');
  await waitForEmail(email, /confirmed/);
});

test('test_a_full_session_puts_only_that_choice_on_its_waiting_list_a_block_changes_on_its_own_a_cancellation_seats_it', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  // The person who will cancel, registered through the browser so we hold their session.
  const leaver = uniqueEmail('leaver');
  await fillRegistration(page, 'en', { name: 'Speaker Leaver', email: leaver, session: 'parallel-3' });
  await confirmFromEmail(page, leaver);
  await expect(page.locator('[data-status]')).toHaveText('Confirmed');

  // Fill the other 79 of parallel-3's 80 seats with plain form posts (unconfirmed, they hold them).
  const filler = await browser.newContext();
  for (let i = 0; i < 79; i++) {
    const response = await filler.request.post('/en/register/?_action=register', {
      headers: { Origin: baseURL! },
      form: {
        locale: 'en',
        ticket: 'general',
        'session.d1-1400': 'parallel-3',
        name: `Filler ${i}`,
        organization: 'Example',
        email: uniqueEmail('filler'),
        country: 'China',
        category: 'mainland',
        consent: 'on',
      },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
  }
  await filler.close();

  // A session in each block, one of them full: confirmed, with one waiting entry.
  const waiting = await browser.newContext();
  const wPage = await waiting.newPage();
  await wPage.goto('/en/register/');
  await expect(wPage.locator('label[for="f-session.d1-1400-parallel-3"]')).toContainText('Full: you join the waiting list');
  const waiterEmail = uniqueEmail('waiter');
  await fillRegistration(wPage, 'en', { name: 'Speaker Waiting', email: waiterEmail, session: ['parallel-3', 'parallel-5'] });
  await confirmFromEmail(wPage, waiterEmail);
  await expect(wPage.locator('[data-status]')).toHaveText('Confirmed');
  await expect(wPage.locator('[data-choice="d1-1400"]')).toContainText(/P3 · .* · Waiting list: number 1$/);
  await expect(wPage.locator('[data-choice="d2-0900"]')).toContainText(/P5 · .* · Seat confirmed$/);
  await expectNoAxeViolations(wPage);

  // Day 2 changes on its own; day 1 keeps its place in line.
  const day2 = wPage.locator('form[data-block="d2-0900"]');
  await day2.locator('input[value="parallel-6"]').check();
  await day2.getByRole('button', { name: 'Change for this block' }).click();
  await expect(wPage).toHaveURL(/changed=1/);
  await expect(wPage.locator('[data-choice="d2-0900"]')).toContainText(/P6 · .* · Seat confirmed$/);
  await expect(wPage.locator('[data-choice="d1-1400"]')).toContainText('Waiting list: number 1');

  await page.goto('/en/my/');
  await page.locator('#f-confirm').check();
  await page.getByRole('button', { name: 'Cancel registration' }).click();
  await expect(page.locator('[data-status]')).toHaveText('Cancelled');

  await wPage.reload();
  await expect(wPage.locator('[data-choice="d1-1400"]')).toContainText(/P3 · .* · Seat confirmed$/);
  await waitForEmail(waiterEmail, /A seat in P3/);
  await waiting.close();
});

test('test_bad_requests_get_4xx_answers_never_a_500_and_are_escaped', async ({ request, baseURL, page }) => {
  const post = (form: Record<string, string>) =>
    request.post('/en/register/?_action=register', { headers: { Origin: baseURL! }, form, maxRedirects: 0 });
  const huge = await post({ locale: 'en', name: 'x'.repeat(10_240), email: 'a@b.c', consent: 'on' });
  expect(huge.status()).toBe(400);
  const script = await post({
    locale: 'en',
    name: '"><script>alert(1)</script>',
    organization: '<img src=x onerror=alert(1)>',
    consent: 'on',
  });
  expect(script.status()).toBe(400);
  // Shown back inside the form as plain text: no element is injected.
  await page.setContent(await script.text());
  expect(await page.locator('script', { hasText: 'alert(1)' }).count()).toBe(0);
  expect(await page.locator('img').count()).toBe(0);
  await expect(page.locator('#f-name')).toHaveValue('"><script>alert(1)</script>');
  await expect(page.locator('#f-organization')).toHaveValue('<img src=x onerror=alert(1)>');
  const unknownSession = await post({
    locale: 'en',
    ticket: 'general',
    'session.d1-1400': "p1' OR 1=1 --",
    name: 'A',
    organization: 'B',
    email: uniqueEmail('x'),
    country: 'C',
    category: 'mainland',
    consent: 'on',
  });
  expect(unknownSession.status()).toBe(400);
  const crossSite = await request.post('/en/register/?_action=register', {
    headers: { Origin: 'https://evil.example' },
    form: { locale: 'en' },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  const badLink = await request.get('/en/my/access/not-a-real-token/', { maxRedirects: 0 });
  expect(badLink.status()).toBe(303);
  expect(badLink.headers()['location']).toBe('/en/my/?link=invalid');
  const doc = await request.get('/en/my/ticket.pdf');
  expect(doc.status()).toBe(401);
  const webhook = await request.post('/api/stripe/webhook', { data: '{}' });
  expect(webhook.status()).toBe(404); // no Stripe configured in the embedded default
});

test('test_my_registration_shows_the_ticket_qr_large_and_where_and_when_also_in_the_email', async ({ page }) => {
  const email = uniqueEmail('qr');
  await fillRegistration(page, 'en', { name: 'Speaker Qr', email, session: 'parallel-1' });
  await confirmFromEmail(page, email);
  await expect(page.locator('[data-status]')).toHaveText('Confirmed');
  // The QR to show at the door: large on the page, named for screen readers, dark on white.
  const qr = page.getByRole('img', { name: /^Ticket QR code, reference [0-9A-F]{8}$/ });
  await expect(qr).toBeVisible();
  const box = await qr.boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(200);
  expect(await qr.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
  // Where and when: the forum, the main forum and the chosen session, times with the zone named.
  const block = page.locator('[data-where-when]');
  await expect(block.getByRole('heading', { name: 'Where and when' })).toBeVisible();
  await expect(block).toContainText('The forum');
  await expect(block).toContainText(/P1 · /);
  await expect(block).toContainText('China Standard Time (UTC+8)');
  await expectNoAxeViolations(page);
  await expectValidHtml(await (await page.request.get('/en/my/')).text());
  const confirmed = await waitForEmail(email, /is confirmed/);
  expect(confirmed.text).toMatch(/where and when/i);
  expect(confirmed.text).toMatch(/\d{2}:\d{2}–\d{2}:\d{2}, China Standard Time \(UTC\+8\)/);
});
