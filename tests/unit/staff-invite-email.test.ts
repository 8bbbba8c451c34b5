/** The staff invitation email in both languages: the link that sets the password, the role, the 72-hour note. */
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../src/features/notifications/templates/render.ts';

const link = 'https://forum.example/en/admin/password/abcdefghijklmnop/';

describe('staff invitation email', () => {
  it.each([
    ['en', /invited to the organizer workspace of Forum/, /72 hours/, 'Registration desk'],
    ['zh', /诚邀您加入Forum组织者工作台/, /72小时/, '报名服务台'],
  ] as const)('test_staff_invite_in_%s_carries_the_password_link', async (locale, subject, expiry, role) => {
    const email = await renderTemplate('staff-invite', {
      locale,
      payload: { staffUserId: 'u1', name: 'Wang Fang', role: 'desk' },
      links: { manage: link },
      siteName: 'Forum',
    });
    expect(email.subject).toMatch(subject);
    expect(email.text).toContain(link);
    expect(email.html).toContain(link);
    expect(email.text).toMatch(expiry);
    expect(email.text).toContain('Wang Fang');
    expect(email.text).toContain(role);
  });
});
