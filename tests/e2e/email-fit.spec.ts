/**
 * Every email kind fits a phone: rendered by the real templates (both languages, with the
 * longest parts real emails carry: a magic link, a checkout link, the where-and-when block),
 * opened in Chromium at 320 and 375 px, nothing wider than the screen.
 */
import { expect, test } from '@playwright/test';
import type { EmailKind, EmailPayload } from '../../src/features/notifications/email.types.ts';
import type { WhereAndWhenBlock } from '../../src/features/shared/where-and-when.types.ts';
import { renderTemplate } from '../../src/features/notifications/templates/render.ts';

const kinds: EmailKind[] = [
  'registration-confirm',
  'registration-session-promoted',
  'letter-approved',
  'letter-rejected',
  'staff-invite',
  'registration-payment-due',
  'registration-lapsed',
  'registration-confirmed',
  'registration-pending-approval',
  'registration-waitlisted',
  'registration-promoted',
  'payment-received',
  'registration-cancelled',
  'access-link',
  'organizer-duplicate-payment',
  'booking-confirm',
  'booking-lapsed',
  'booking-confirmed',
  'booking-waitlisted',
  'booking-promoted',
  'booking-reminder',
  'booking-cancelled',
  'slot-cancelled',
  'announcement',
];
const isBooking = (kind: EmailKind) => kind.startsWith('booking-') || kind === 'slot-cancelled';

// As long as the real ones: a 22-character token on a long host, a provider's checkout address.
const manage = 'https://beijing-swift-response-forum.example.org.cn/zh/my/access/Q2hlY2tUaGlzVG9rZW4xMjM0/';
const pay = `https://checkout.stripe.com/c/pay/cs_test_${'a1B2c3D4e5F6g7H8i9J0'.repeat(4)}#fidkdWxOYHwnPyd1blpxYHZxWjA0`;
const slot = {
  en: 'Friday, 20 December 2024, 14:00 (China Standard Time (UTC+8))',
  zh: '2024年12月20日 星期五 14:00（中国标准时间 (UTC+8)）',
};

type MailLocale = 'en' | 'zh';

function payload(kind: EmailKind, locale: MailLocale): EmailPayload {
  const name = locale === 'zh' ? '欧阳文华' : 'Maximiliane Oppenheimer-Castellanos';
  if (kind === 'access-link') return { personId: 'p1', name, reason: 'registered' };
  if (kind === 'staff-invite') return { staffUserId: 'u1', name, role: 'desk' };
  if (kind === 'announcement')
    return {
      announcementId: 'a1',
      personId: 'p1',
      name,
      subject:
        locale === 'zh'
          ? '关于论坛开幕当天班车安排及入场时间的重要通知'
          : 'Shuttle buses and doors opening on the first morning of the forum',
      body:
        locale === 'zh'
          ? '各位嘉宾：班车于早上八点从酒店出发。\n\n请携带证件，参考链接：https://beijing-swift-response-forum.example.org.cn/zh/program/sessions/parallel-session-two/'
          : 'Dear guests, buses leave the hotel at 8.\n\nBring your document; details: https://beijing-swift-response-forum.example.org.cn/en/program/sessions/parallel-session-two/',
    };
  if (kind === 'organizer-duplicate-payment')
    return { registrationId: '0193e3c4-7b1a-7cc2-9f00-4b8e2d1a9c55', paymentId: 'pay_0193e3c4-7b1a-7cc2-9f00', amount: 'CNY 1,200.00' };
  if (isBooking(kind)) {
    return {
      bookingId: 'b1',
      personId: 'p1',
      name,
      slot: slot[locale],
      partySize: 5,
      guideLanguage: locale === 'zh' ? '中文' : 'English',
      meetingPoint:
        locale === 'zh'
          ? '12345市民服务热线中心正门（示例：以预约确认邮件为准）'
          : 'Main entrance of the 12345 service center (sample: confirmed in your booking email)',
      bring:
        locale === 'zh'
          ? '预约时填写的身份证件；请提前10分钟到达。'
          : 'The identity document you gave when booking; arrive 10 minutes early.',
      confirmBy: slot[locale],
    };
  }
  return {
    registrationId: 'r1',
    personId: 'p1',
    name,
    ticket: locale === 'zh' ? '标准票（含主论坛和一个平行分论坛）' : 'Standard ticket (main forum and one parallel session)',
    choices: [
      {
        blockId: 'd1-1400',
        sessionId: 'parallel-3',
        session:
          locale === 'zh'
            ? 'P3 · 超大城市治理中的数字化转型与基层治理创新'
            : 'P3 · Digital transformation and grassroots governance innovation in megacities',
        status: 'waiting',
        position: 12,
      },
      {
        blockId: 'd2-0900',
        sessionId: 'parallel-5',
        session: locale === 'zh' ? 'P5 · 示例分论坛' : 'P5 · A sample session',
        status: 'seated',
      },
    ],
    promotedSession:
      locale === 'zh'
        ? 'P3 · 超大城市治理中的数字化转型与基层治理创新'
        : 'P3 · Digital transformation and grassroots governance innovation in megacities',
    letterNote:
      locale === 'zh'
        ? '护照有效期须覆盖整个停留期间，请更新护照信息后重新申请。'
        : 'The passport must be valid for the whole stay: please update the passport details and ask again.',
    amount: 'CNY 1,200.00',
    refunded: 'CNY 1,200.00',
    payBy: slot[locale],
    confirmBy: slot[locale],
  };
}

const whereAndWhen: Record<MailLocale, WhereAndWhenBlock> = {
  en: {
    heading: 'Where and when',
    colon: ': ',
    items: [
      {
        title: 'The forum',
        lines: [
          { label: 'Dates', text: 'Thursday, 19 December 2024 – Friday, 20 December 2024' },
          { label: 'Address', text: 'Beijing International Convention Center, No. 8 Beichen East Road, Chaoyang District, Beijing' },
        ],
      },
      {
        title: 'P3 · Digital transformation and grassroots governance innovation in megacities',
        waiting: 'On the waiting list (number 12)',
        lines: [{ label: 'Time', text: '14:00–17:30, China Standard Time (UTC+8)' }],
      },
    ],
  },
  zh: {
    heading: '时间和地点',
    colon: '：',
    items: [
      {
        title: '论坛',
        lines: [
          { label: '会期', text: '2024年12月19日 星期四 – 2024年12月20日 星期五' },
          { label: '地址', text: '北京市朝阳区北辰东路8号北京国际会议中心' },
        ],
      },
      { title: 'P3 · 超大城市治理中的数字化转型与基层治理创新', lines: [{ label: '时间', text: '14:00–17:30（中国标准时间 (UTC+8)）' }] },
    ],
  },
};

for (const locale of ['en', 'zh'] as const) {
  for (const kind of kinds) {
    test(`test_${kind}_email_in_${locale}_fits_320_and_375_px`, async ({ page }) => {
      const email = await renderTemplate(kind, {
        locale,
        payload: payload(kind, locale),
        links: { manage, pay },
        siteName: locale === 'zh' ? '北京接诉即办论坛' : 'Beijing Forum on Swift Response to Public Complaints',
        whereAndWhen: whereAndWhen[locale],
      });
      for (const width of [320, 375]) {
        await page.setViewportSize({ width, height: 800 });
        await page.setContent(email.html);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scrollWidth, `${kind} (${locale}) at ${width} px`).toBeLessThanOrEqual(width);
      }
    });
  }
}
