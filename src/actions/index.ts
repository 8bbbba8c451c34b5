/**
 * Form actions (accept: 'form', so every form works without JavaScript). Each one turns the
 * form into typed input at its boundary, calls one feature service and returns either
 * { ok, redirect } or a translated failure; raw error text never reaches the page.
 */
import { accessActions } from './access.ts';
import { registrationActions } from './registration.ts';
import { paymentActions } from './payments.ts';
import { visitActions } from './visits.ts';
import { staffActions } from './staff.ts';
import { announcementActions } from './announcements.ts';
import { registrationAdminActions } from './registrations-admin.ts';
import { checkinActions } from './checkin.ts';
import { badgeActions } from './badges.ts';

export const server = {
  ...accessActions,
  ...registrationActions,
  ...paymentActions,
  ...visitActions,
  ...staffActions,
  ...announcementActions,
  ...registrationAdminActions,
  ...checkinActions,
  ...badgeActions,
};
