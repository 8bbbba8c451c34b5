/**
 * The organizer workspace's forms: sign-in (password, then code), sign-out, the authenticator
 * set-up, invitations, roles, blocks, and the one-time password page. Calls to better-auth go
 * through its handler (rate limiter) as this browser; every staff form checks the role again.
 */
import { defineAction, type ActionAPIContext } from 'astro:actions';
import type { Deps } from '../features/deps.ts';
import { DomainError } from '../features/shared/domain-error.ts';
import type { Permission } from '../features/staff/roles.ts';
import { can } from '../features/staff/roles.ts';
import * as parse from '../features/staff/staff.schema.ts';
import { recordSignOut, signInWithCode, signInWithPassword } from '../features/staff/sign-in.service.ts';
import { confirmTotpEnrolment, startTotpEnrolment, type TotpEnrolment } from '../features/staff/two-factor.service.ts';
import {
  changeRole,
  inviteStaff,
  passwordLinkOpens,
  removeStaff,
  setPasswordWithLink,
  setStaffBanned,
} from '../features/staff/staff.service.ts';
import { adminRoutes } from '../lib/admin-routes.ts';
import type { Locale } from '../i18n/locale.ts';
import { actorOf, authCallFor, currentStaff, type StaffUser } from '../server/staff.ts';
import { services } from '../server/services.ts';
import { toFormFailure, type FormFailure } from '../server/errors.ts';
import { handleForm, localeOf, text, values } from './run.ts';

type Context = ActionAPIContext;

/** The form's text fields as a plain record. */
const fields = (form: FormData, ...names: string[]) => Object.fromEntries(names.map((n) => [n, text(form, n)]));

/** The signed-in staff member, if the role allows `permission` (else InvalidToken: the page then sends them to sign in or shows 403). */
async function staffFor(context: Context, permission?: Permission): Promise<StaffUser> {
  const staff = await currentStaff(context);
  if (!staff || (permission && !can(staff.role, permission))) throw new DomainError('InvalidToken');
  return staff;
}

/** `handleForm` for a signed-in staff member whose role allows `permission`. */
function handleStaffForm(
  form: FormData,
  context: Context,
  where: string,
  permission: Permission,
  work: (deps: Deps, staff: StaffUser, locale: Locale) => Promise<string>,
) {
  return handleForm(form, where, async (deps, locale) => work(deps, await staffFor(context, permission), locale), true);
}

export const staffActions = {
  staffSignIn: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const result = await handleForm(form, 'staff sign in', async (deps, locale) => {
        const input = parse.parseSignIn(fields(form, 'email', 'password'));
        const next = await signInWithPassword(deps, await authCallFor(context), input);
        return next === 'code' ? adminRoutes.code(locale) : adminRoutes.home(locale);
      });
      // the address comes back into the form; the password never does
      return result.ok ? result : { ...result, values: { email: text(form, 'email') } };
    },
  }),

  staffCode: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(form, 'staff code', async (deps, locale) => {
        const { code } = parse.parseCode(fields(form, 'code'));
        await signInWithCode(deps, await authCallFor(context), { code, cookie: context.request.headers.get('cookie') });
        return adminRoutes.home(locale);
      }),
  }),

  staffSignOut: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(form, 'staff sign out', async (deps, locale) => {
        const staff = await currentStaff(context);
        const call = await authCallFor(context);
        await call('/sign-out', {});
        if (staff) await recordSignOut(deps, actorOf(staff));
        return adminRoutes.signIn(locale, 'signedOut');
      }),
  }),

  /** Step 1 of the authenticator set-up: answers with the QR code and key (not a redirect). */
  staffTotpStart: defineAction({
    accept: 'form',
    handler: async (form: FormData, context): Promise<{ ok: true; enrolment: TotpEnrolment } | FormFailure> => {
      try {
        await staffFor(context);
        const { password } = parse.parsePasswordOnly(fields(form, 'password'));
        return { ok: true, enrolment: await startTotpEnrolment(await authCallFor(context), password) };
      } catch (error) {
        return toFormFailure(error, 'staff totp start');
      }
    },
  }),

  staffTotpConfirm: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(form, 'staff totp confirm', async (deps, locale) => {
        const staff = await staffFor(context);
        const { code } = parse.parseCode(fields(form, 'code'));
        await confirmTotpEnrolment(deps, await authCallFor(context), actorOf(staff), code);
        return adminRoutes.home(locale, 'twoFactorOn');
      }),
  }),

  staffInvite: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleStaffForm(form, context, 'staff invite', 'staff:manage', async (deps, staff, locale) => {
        const input = parse.parseInvite(fields(form, 'email', 'name', 'role'));
        const emailLocale: Locale = text(form, 'emailLocale') === 'zh' ? 'zh' : 'en';
        await inviteStaff(deps, actorOf(staff), { ...input, locale: emailLocale });
        return adminRoutes.staff(locale, 'invited');
      }),
  }),

  staffRole: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleStaffForm(form, context, 'staff role', 'staff:manage', async (deps, staff, locale) => {
        const input = parse.parseRoleChange(fields(form, 'userId', 'role'));
        await changeRole(deps, actorOf(staff), input.userId, input.role);
        return adminRoutes.staff(locale, 'changed');
      }),
  }),

  staffBlock: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleStaffForm(form, context, 'staff block', 'staff:manage', async (deps, staff, locale) => {
        const { userId } = parse.parseStaffId(fields(form, 'userId'));
        const op = text(form, 'op');
        if (op === 'remove') await removeStaff(deps, actorOf(staff), userId);
        else await setStaffBanned(deps, actorOf(staff), userId, op === 'ban');
        return adminRoutes.staff(locale, 'changed');
      }),
  }),

  /** The one-time password page (invitation, first admin, setup link). */
  staffPassword: defineAction({
    accept: 'form',
    handler: async (form: FormData) => {
      const locale = localeOf(form);
      try {
        const { deps } = await services();
        const opens = await passwordLinkOpens(deps, text(form, 'token'));
        if (!opens) throw new DomainError('InvalidToken');
        const input = parse.parseNewPassword(fields(form, 'token', 'password', 'confirm', 'email', 'name'), opens.email === null);
        await setPasswordWithLink(deps, input);
        return { ok: true as const, redirect: adminRoutes.signIn(locale, 'passwordSet') };
      } catch (error) {
        // passwords are never echoed back
        const kept = Object.fromEntries(Object.entries(values(form)).filter(([k]) => k === 'email' || k === 'name'));
        return { ...toFormFailure(error, 'staff password'), values: kept };
      }
    },
  }),
};
