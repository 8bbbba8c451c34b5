/**
 * The organizers' registration screens in a browser: an admin (TOTP) finds a registration by
 * name, approves a media request (the attendee is emailed), approves a letter, cancels a paid
 * registration with a refund through the simulated gateway; a registration-desk member sees no
 * refund button and a refund POST is refused (403); signed out, the screens redirect to sign-in;
 * every screen answers no-store and has no axe violations.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './helpers.ts';
import { setPassword, signIn, checkPage } from './admin-session.ts';
import { confirmFromEmail, fillRegistration, uniqueEmail, waitForEmail } from './flows.ts';
import { signedInAdmin } from './staff-members.ts';

/** Search the list for `name` and open the registration; its detail path. */
async function openByName(page: Page, name: string): Promise<string> {
  await page.goto('/en/admin/registrations/');
  await page.locator('#f-q').fill(name);
  await page.locator('form.filters button[type=submit]').click();
  await expect(page).toHaveURL(/\/en\/admin\/registrations\/\?q=/);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name }).click();
  await expect(page.locator('h1')).toHaveText(name);
  return new URL(page.url()).pathname;
}

test('test_registration_screens_redirect_to_sign_in_when_signed_out', async ({ request }) => {
  for (const path of ['/en/admin/registrations/', '/zh/admin/registrations/?status=confirmed', '/en/admin/registrations/abc/']) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers()['location'], path).toMatch(/^\/(en|zh)\/admin\/sign-in\/$/);
    expect(response.headers()['cache-control'], path).toBe('no-store');
  }
});

test('test_admin_approves_media_and_letter_refunds_and_desk_cannot_refund', async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  const tag = Date.now().toString(36);
  // three attendees: a media request, a letter request, a paid full pass
  const media = { name: `Media Reporter ${tag}`, email: uniqueEmail('media') };
  await fillRegistration(page, 'en', { ...media, ticket: 'media' });
  await confirmFromEmail(page, media.email);
  const paid = { name: `Paid Guest ${tag}`, email: uniqueEmail('paidguest') };
  await fillRegistration(page, 'en', { ...paid, ticket: 'full-pass' });
  await confirmFromEmail(page, paid.email);
  await page.getByRole('button', { name: /^Pay / }).click();
  await page.getByRole('button', { name: 'Pay (simulated)' }).click();
  await expect(page).toHaveURL(/\/en\/my\/\?paid=1$/);
  const letter = { name: `Letter Guest ${tag}`, email: uniqueEmail('letterguest') };
  await page.goto('/en/register/');
  await page.locator('input[name=ticket][value="general"]').check();
  await page.locator('#f-name').fill(letter.name);
  await page.locator('#f-organization').fill('Example University');
  await page.locator('#f-email').fill(letter.email);
  await page.locator('#f-country').fill('Germany');
  await page.locator('#f-category').selectOption('international');
  await page.locator('#f-letter').check();
  await page.locator('#f-passportName').fill('GUEST LETTER');
  await page.locator('#f-passportNumber').fill('C01X00T47');
  await page.locator('#f-nationality').fill('Germany');
  await page.locator('#f-arrival').fill('2027-12-17');
  await page.locator('#f-departure').fill('2027-12-22');
  await page.locator('#f-birthDate').fill('1985-03-03');
  await page.locator('#f-passportExpiry').fill('2031-06-01');
  await page.locator('#f-consent').check();
  await page.locator('form.form button[type=submit]').last().click();
  await confirmFromEmail(page, letter.email);
  await page.context().clearCookies();

  await signedInAdmin(page, baseURL!, 'regadmin');
  await checkPage(page, '/en/admin/registrations/');
  await checkPage(page, '/zh/admin/registrations/?status=awaiting_approval');

  // approve the media request: the attendee gets the confirmation
  const mediaPath = await openByName(page, media.name);
  await checkPage(page, mediaPath);
  await page.getByRole('button', { name: 'Approve the request' }).click();
  await expect(page.locator('.notice')).toContainText('Approved');
  await waitForEmail(media.email, /confirmed/);
  await expectNoAxeViolations(page);

  // approve the letter; the passport number is masked until revealed
  await openByName(page, letter.name);
  await expect(page.locator('main')).toContainText('•••••••47');
  await page.getByRole('button', { name: 'Approve the letter' }).click();
  await expect(page.locator('.notice')).toContainText('letter is approved');
  await waitForEmail(letter.email, /letter/i);
  await page.getByRole('link', { name: /Show the full number/ }).click();
  await expect(page.locator('main')).toContainText('C01X00T47');
  await expect(page.locator('#history')).toContainText('reveal.passport-number');

  // a registration-desk member: no refund button, and the refund POST is refused
  const paidPath = await openByName(page, paid.name);
  await page.goto('/en/admin/staff/');
  const deskEmail = uniqueEmail('regdesk');
  await page.locator('#f-name').fill('Desk Person');
  await page.locator('#f-email').fill(deskEmail);
  await page.locator('#f-role').selectOption('desk');
  await page.locator('form.form button[type=submit]').click();
  const invitation = await waitForEmail(deskEmail, /invited/);
  const link = /https?:\/\/\S+\/en\/admin\/password\/[A-Za-z0-9_-]+\//.exec(invitation.text)![0];
  const desk = await (await browser.newContext({ baseURL })).newPage();
  await setPassword(desk, link);
  await signIn(desk, deskEmail);
  await expect(desk).toHaveURL(/\/en\/admin\/$/);
  await checkPage(desk, paidPath);
  await expect(desk.getByRole('button', { name: 'Cancel without refund' })).toBeVisible();
  await expect(desk.getByRole('button', { name: 'Cancel and refund' })).toHaveCount(0);
  const registrationId = paidPath.split('/').at(-2)!;
  const refused = await desk.request.post(`${paidPath}?_action=adminRegCancel`, {
    headers: { Origin: baseURL! },
    form: { locale: 'en', registrationId, refund: 'yes' },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(403);
  await desk.context().close();

  // the admin cancels with a refund: the payment shows refunded
  await page.goto(paidPath);
  await page.getByRole('button', { name: 'Cancel and refund' }).click();
  await expect(page.locator('.notice')).toContainText('Cancelled and refunded');
  await expect(page.locator('#payments')).toContainText('Refunded');
  await waitForEmail(paid.email, /cancel/i);
  await expectNoAxeViolations(page);
});
