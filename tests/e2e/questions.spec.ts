import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './helpers.ts';
import { confirmFromEmail, emailsTo, uniqueEmail, waitForEmail } from './flows.ts';

/** The fixed fields of the form, filled as a person does; the questions are up to the test. */
async function fillStudent(page: Page, email: string) {
  await page.locator('input[name=ticket][value="student"]').check();
  await page.locator('input[name="session.d1-1400"][value="parallel-1"]').check();
  await page.locator('#f-name').fill('Student Questions');
  await page.locator('#f-organization').fill('Example University');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-country').fill('Germany');
  await page.locator('#f-category').selectOption('international');
}

test.describe('custom questions without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('test_required_question_missing_keeps_the_answers_then_my_page_shows_them', async ({ page }) => {
    test.setTimeout(60_000);
    const email = uniqueEmail('questions');
    await page.goto('/en/register/');
    await fillStudent(page, email);
    // Without JavaScript every question shows, each saying whom it is for.
    await expect(page.locator('#f-question-studies-hint')).toContainText('Only for: Student');
    await page.locator('#f-question-heard-from-news').check();
    await page.locator('#f-question-topics').check();
    await page.locator('#f-question-topics-data').check();
    await page.locator('#f-question-residence').selectOption('DE');
    await page.locator('#f-consent').check();
    await page.locator('form.form button[type=submit]').last().click();

    await expect(page.locator('#error-summary')).toContainText('Your university and field of study');
    await expect(page.locator('#f-question-studies-error')).toHaveText('This field is required.');
    await expect(page.locator('#f-name')).toHaveValue('Student Questions');
    await expect(page.locator('#f-question-heard-from-news')).toBeChecked();
    await expect(page.locator('#f-question-topics')).toBeChecked();
    await expect(page.locator('#f-question-topics-data')).toBeChecked();
    await expect(page.locator('#f-question-topics-governance')).not.toBeChecked();
    await expect(page.locator('#f-question-residence')).toHaveValue('DE');

    await page.locator('#f-question-studies').fill('Beijing Example University, public administration');
    await page.locator('#f-consent').check();
    await page.locator('form.form button[type=submit]').last().click();
    await expect(page).toHaveURL(/\/en\/check-email\//);

    await confirmFromEmail(page, email);
    const answers = page.locator('section[aria-labelledby=answers-heading]');
    await expect(answers.locator('h2')).toHaveText('Your answers');
    await expect(answers).toContainText('Beijing Example University, public administration');
    await expect(answers).toContainText('In the news');
    await expect(answers).toContainText('Complaint hotlines, Data and evaluation');
    await expect(answers).toContainText('Germany');
  });
});

test('test_questions_that_do_not_apply_are_hidden_with_javascript', async ({ page }) => {
  await page.goto('/zh/register/');
  await page.locator('input[name=ticket][value="general"]').check();
  await expect(page.locator('#f-question-studies')).toBeHidden();
  await expect(page.locator('#f-question-heard-from')).toBeVisible();
  await expect(page.locator('#f-invoiceTitle')).toBeHidden();
  await page.locator('input[name=ticket][value="student"]').check();
  await expect(page.locator('#f-question-studies')).toBeVisible();
  await expect(page.locator('#f-invoiceTitle')).toBeVisible();
  await page.locator('#f-category').selectOption('mainland');
  await expect(page.locator('#f-question-residence')).toBeHidden();
  await expect(page.locator('#f-question-residence option[value=CN]')).toHaveText('中国');
  // The questions with an error, in Chinese, pass axe.
  await page.locator('form.form button[type=submit]').last().click();
  await expect(page.locator('#f-question-studies-error')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('test_a_paid_ticket_with_invoice_details_gets_one_email_and_a_receipt', async ({ page }) => {
  test.setTimeout(60_000);
  const email = uniqueEmail('receipt');
  await page.goto('/zh/register/');
  await fillStudent(page, email);
  await page.locator('#f-question-studies').fill('示例大学 公共管理');
  await page.locator('#f-invoiceTitle').fill('北京示例大学');
  await page.locator('#f-taxNumber').fill('12345');
  await page.locator('#f-consent').check();
  await page.locator('form.form button[type=submit]').last().click();
  await expect(page.locator('#f-taxNumber-error')).toHaveText('税号应为15至20位字母或数字。');
  await expect(page.locator('#f-invoiceTitle')).toHaveValue('北京示例大学');
  await page.locator('#f-taxNumber').fill('91110000123456789X');
  await page.locator('#f-consent').check();
  await page.locator('form.form button[type=submit]').last().click();
  await expect(page).toHaveURL(/\/zh\/check-email\//);
  await confirmFromEmail(page, email);
  await page.getByRole('button', { name: /^支付 / }).click();
  await expect(page).toHaveURL(/\/zh\/pay\/simulated\//);
  await page.getByRole('button', { name: '支付（模拟）' }).click();
  await expect(page).toHaveURL(/\/zh\/my\/\?paid=1$/);
  const receipt = page.locator('a[href="/zh/my/receipt.pdf"]');
  await expect(receipt).toContainText(/收据（编号\d{4}-\d{6}，PDF）/);
  await expect(page.locator('section[aria-labelledby=letter-receipt-heading]')).toContainText('正式发票');
  const pdf = await page.request.get('/zh/my/receipt.pdf');
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  // One payment, one email: the confirmation, with the receipt number.
  const confirmation = await waitForEmail(email, /报名已确认/);
  expect(confirmation.text).toMatch(/\d{4}-\d{6}/);
  await page.waitForTimeout(2000);
  expect(emailsTo(email).filter((m) => /报名费用/.test(m.subject))).toEqual([]);
});

test('test_a_letter_request_waits_for_the_organizers_on_my_page', async ({ page }) => {
  test.setTimeout(60_000);
  const email = uniqueEmail('letter');
  await page.goto('/en/register/');
  await page.locator('input[name=ticket][value="general"]').check();
  await page.locator('input[name="session.d1-1400"][value="parallel-1"]').check();
  await page.locator('#f-name').fill('Letter Guest');
  await page.locator('#f-organization').fill('Example University');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-country').fill('Germany');
  await page.locator('#f-category').selectOption('international');
  await page.locator('#f-letter').check();
  await page.locator('#f-passportName').fill('GUEST LETTER');
  await page.locator('#f-passportNumber').fill('C01X00T47');
  await page.locator('#f-nationality').fill('Germany');
  await page.locator('#f-arrival').fill('2027-12-17');
  await page.locator('#f-departure').fill('2027-12-22');
  await page.locator('#f-birthDate').fill('1985-03-03');
  await page.locator('#f-passportExpiry').fill('2027-12-20');
  await page.locator('#f-consent').check();
  await page.locator('form.form button[type=submit]').last().click();
  await expect(page.locator('#f-passportExpiry-error')).toHaveText('The passport must be valid after your departure date.');
  await expect(page.locator('#f-birthDate')).toHaveValue('1985-03-03');
  await page.locator('#f-passportExpiry').fill('2031-06-01');
  await page.locator('#f-consent').check();
  await page.locator('form.form button[type=submit]').last().click();
  await expect(page).toHaveURL(/\/en\/check-email\//);
  await confirmFromEmail(page, email);
  await expect(page.locator('[data-letter-state=requested]')).toContainText('the organizers will review the request and email you');
  await expect(page.locator('a[href="/en/my/letter.pdf"]')).toHaveCount(0);
  expect((await page.request.get('/en/my/letter.pdf')).status()).toBe(404);
});
