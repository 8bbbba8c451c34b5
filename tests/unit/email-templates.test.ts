import type { Locale } from '../../src/i18n/locale.ts';
import { describe, expect, it } from 'vitest';
import type { EmailKind, EmailPayload } from '../../src/features/notifications/email.types.ts';
import { renderTemplate } from '../../src/features/notifications/templates/render.ts';

const kinds: EmailKind[] = [
  'registration-confirm',
  'registration-payment-due',
  'registration-lapsed',
  'registration-confirmed',
  'registration-pending-approval',
  'registration-waitlisted',
  'registration-promoted',
  'registration-session-promoted',
  'payment-received',
  'registration-cancelled',
  'letter-approved',
  'letter-rejected',
  'access-link',
  'booking-confirm',
  'booking-lapsed',
  'booking-confirmed',
  'booking-waitlisted',
  'booking-promoted',
  'booking-reminder',
  'booking-cancelled',
  'slot-cancelled',
];
const isBooking = (kind: EmailKind) => kind.startsWith('booking-') || kind === 'slot-cancelled';
const locales: Locale[] = ['en', 'zh', 'zh-hant'];
const manage = 'https://forum.example/en/manage/?token=abc123';
const confirmBy = '1 Dec 2026, 19:00 (Beijing time)';
const pay = 'https://forum.example/pay/cs_test_1';

function payload(kind: EmailKind, name: string): EmailPayload {
  if (kind === 'access-link') return { personId: 'p1', name };
  if (isBooking(kind)) {
    return {
      bookingId: 'b1',
      personId: 'p1',
      name,
      slot: '20 December 2024, 14:00 (China Standard Time (UTC+8))',
      partySize: 3,
      guideLanguage: 'English',
      meetingPoint: 'Main entrance',
      bring: 'Your passport',
      confirmBy: kind === 'booking-confirm' ? confirmBy : undefined,
    };
  }
  return {
    registrationId: 'r1',
    personId: 'p1',
    name,
    ticket: 'Standard',
    choices: [
      { blockId: 'd1-1400', sessionId: 'parallel-1', session: 'P1 · Digital governance', status: 'seated' },
      { blockId: 'd2-0900', sessionId: 'parallel-5', session: 'P5 · Hotline data', status: 'waiting', position: 3 },
    ],
    promotedSession: kind === 'registration-session-promoted' ? 'P5 · Hotline data' : undefined,
    amount: 'CNY 1,200.00',
    refunded: kind === 'registration-cancelled' ? 'CNY 1,200.00' : undefined,
    payBy: kind === 'registration-promoted' || kind === 'registration-payment-due' ? '1 Dec 2026, 18:00 (Beijing time)' : undefined,
    confirmBy: kind === 'registration-confirm' ? confirmBy : undefined,
    receipt: kind === 'registration-confirmed' ? { number: '2024-000007', amount: '¥1,200.00' } : undefined,
    letterNote: kind === 'letter-rejected' ? 'Passport expires too soon' : undefined,
  };
}

const props = (kind: EmailKind, locale: Locale, name = 'Li Wei') => ({
  locale,
  payload: payload(kind, name),
  links: { manage, pay },
  siteName: locale === 'zh' ? '城市治理论坛' : 'Urban Governance Forum',
});

describe('email templates', () => {
  describe.each(locales)('in %s', (locale) => {
    it.each(kinds)('test_%s_renders_subject_html_and_text', async (kind) => {
      const email = await renderTemplate(kind, props(kind, locale));
      expect(email.subject.trim()).not.toBe('');
      for (const part of [email.html, email.text]) {
        expect(part).toContain('Li Wei');
        expect(part).toContain(manage);
      }
      expect(email.html).toContain(`lang="${{ en: 'en', zh: 'zh-CN', 'zh-hant': 'zh-Hant' }[locale]}"`);
      if (locale !== 'en') expect(email.subject).toMatch(/\p{Script=Han}/u);
      else expect(email.subject).not.toMatch(/\p{Script=Han}/u);
    });
  });

  it('test_user_values_are_escaped_in_html', async () => {
    const email = await renderTemplate('registration-confirmed', props('registration-confirmed', 'en', '<script>alert(1)</script>'));
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it.each(kinds.filter(isBooking))('test_%s_escapes_user_values_in_html', async (kind) => {
    const email = await renderTemplate(kind, props(kind, 'zh', '<img src=x onerror=alert(1)>'));
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('booking emails', () => {
  it('test_booking_emails_show_the_visit_and_where_to_meet', async () => {
    const confirmed = await renderTemplate('booking-confirmed', props('booking-confirmed', 'en'));
    for (const value of [
      '20 December 2024, 14:00 (China Standard Time (UTC+8))',
      'Visitors: 3',
      'Guide language: English',
      'Main entrance',
      'Your passport',
    ]) {
      expect(confirmed.text).toContain(value);
    }
    expect(confirmed.text).toContain('Manage your booking');
    const zh = await renderTemplate('booking-reminder', props('booking-reminder', 'zh'));
    expect(zh.subject).toContain('参观提醒');
    expect(zh.text).toContain('集合地点：Main entrance');
    // A cancellation leaves out what only matters for coming.
    const cancelled = await renderTemplate('slot-cancelled', props('slot-cancelled', 'en'));
    expect(cancelled.text).toContain('cancel this visit');
    expect(cancelled.text).not.toContain('Main entrance');
  });

  it('test_booking_payload_without_a_slot_is_rejected', async () => {
    await expect(
      renderTemplate('booking-reminder', { ...props('booking-reminder', 'en'), payload: { personId: 'p1', name: 'Li Wei' } }),
    ).rejects.toThrow(/lacks name or slot/);
  });
});

describe('registration emails', () => {
  it('test_confirmed_mentions_attachments_and_session', async () => {
    const email = await renderTemplate('registration-confirmed', props('registration-confirmed', 'en'));
    expect(email.text).toContain('QR code and calendar file are attached');
    expect(email.text).toContain('P1 · Digital governance: your seat is confirmed');
    expect(email.text).toContain('P5 · Hotline data: waiting list, number 3');
    expect(email.text).toContain('You receive this email because');
  });

  it('test_session_promoted_names_the_session_in_both_languages', async () => {
    const en = await renderTemplate('registration-session-promoted', props('registration-session-promoted', 'en'));
    expect(en.subject).toContain('P5 · Hotline data');
    expect(en.text).toContain('A seat has become free in P5 · Hotline data');
    const zh = await renderTemplate('registration-session-promoted', props('registration-session-promoted', 'zh'));
    expect(zh.text).toContain('候补名单第 3 位');
  });

  it('test_promoted_paid_asks_for_payment_by_the_deadline_with_the_pay_link', async () => {
    const email = await renderTemplate('registration-promoted', props('registration-promoted', 'zh'));
    expect(email.text).toContain('1 Dec 2026, 18:00 (Beijing time)');
    expect(email.text).toContain(pay);
    const free = await renderTemplate('registration-promoted', {
      ...props('registration-promoted', 'en'),
      payload: { registrationId: 'r1', personId: 'p1', name: 'Li Wei', ticket: 'Free' },
    });
    expect(free.text).toContain('now confirmed');
    expect(free.text).not.toContain(pay);
  });

  it('test_confirm_emails_say_by_when_to_open_the_link', async () => {
    for (const kind of ['registration-confirm', 'booking-confirm'] as const) {
      for (const locale of locales) {
        const email = await renderTemplate(kind, props(kind, locale));
        expect(email.text).toContain(confirmBy);
        expect(email.text).toContain(manage);
      }
    }
  });

  it('test_a_link_sent_because_a_form_used_a_known_address_says_so', async () => {
    const registered = await renderTemplate('access-link', {
      ...props('access-link', 'en'),
      payload: { personId: 'p1', reason: 'registered' },
    });
    expect(registered.text).toContain('already registered');
    const booked = await renderTemplate('access-link', { ...props('access-link', 'zh'), payload: { personId: 'p1', reason: 'booked' } });
    expect(booked.text).toContain('已预约');
  });

  it('test_cancelled_names_the_refund', async () => {
    const email = await renderTemplate('registration-cancelled', props('registration-cancelled', 'en'));
    expect(email.text).toContain('refunded CNY 1,200.00');
  });

  it('test_access_link_without_a_name_greets_plainly', async () => {
    const email = await renderTemplate('access-link', { ...props('access-link', 'zh'), payload: { personId: 'p1' } });
    expect(email.text).toContain('您好：');
    expect(email.text).toContain(manage);
  });

  it('test_registration_payload_without_a_ticket_is_rejected', async () => {
    await expect(
      renderTemplate('registration-confirmed', { ...props('registration-confirmed', 'en'), payload: { personId: 'p1' } }),
    ).rejects.toThrow(/lacks name or ticket/);
  });
});

describe('emails to the organizers', () => {
  it.each(locales)('test_the_duplicate_payment_alert_in_%s_names_ids_and_amount_and_carries_no_link', async (locale) => {
    const email = await renderTemplate('organizer-duplicate-payment', {
      locale,
      payload: { registrationId: 'reg-123', paymentId: 'pay-456', amount: 'CNY 1,200.00' },
      links: { manage: 'https://forum.example/en/' },
      siteName: 'Urban Governance Forum',
    });
    for (const part of [email.subject, email.text]) expect(part).not.toBe('');
    for (const value of ['reg-123', 'pay-456', 'CNY 1,200.00', 'ORGANIZER_EMAIL']) expect(email.text).toContain(value);
    expect(email.html).not.toContain('<a ');
    if (locale === 'zh') expect(email.subject).toMatch(/\p{Script=Han}/u);
  });
});
