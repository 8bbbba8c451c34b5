/**
 * The organizers' forms on one registration. Each checks the staff member's permission on the
 * server (a refund needs registration:refund, which the desk lacks: Forbidden, the page answers
 * 403), parses the form in the feature's schema and calls one audited service; the page then
 * says what happened (`?done=`), "already" when the action had been done before.
 */
import { defineAction, type ActionAPIContext } from 'astro:actions';
import type { Deps } from '../features/deps.ts';
import { DomainError } from '../features/shared/domain-error.ts';
import { can, type Permission } from '../features/staff/roles.ts';
import type { Actor } from '../features/staff/audit.ts';
import * as parse from '../features/organizer/registration-admin.schema.ts';
import {
  addNote,
  approveByStaff,
  decideLetterByStaff,
  moveChoiceByStaff,
  rejectByStaff,
  resendLinkByStaff,
} from '../features/organizer/registration-decisions.service.ts';
import { cancelByStaff, recordOfflinePayment } from '../features/organizer/registration-money.service.ts';
import { adminRoutes } from '../lib/admin-routes.ts';
import { actorOf, currentStaff } from '../server/staff.ts';
import { handleForm, values } from './run.ts';

/** The form's text fields as a plain record. */
const record = (form: FormData) => values(form);

/** Run `work` for the signed-in staff member whose role allows `permission`; it returns the `done` notice. */
function staffForm(
  form: FormData,
  context: ActionAPIContext,
  where: string,
  permission: Permission | ((form: FormData) => Permission),
  work: (deps: Deps, actor: Actor, input: Record<string, string>) => Promise<string>,
) {
  return handleForm(
    form,
    where,
    async (deps, locale) => {
      const staff = await currentStaff(context);
      if (!staff) throw new DomainError('InvalidToken');
      if (!can(staff.role, typeof permission === 'function' ? permission(form) : permission)) throw new DomainError('Forbidden');
      const input = record(form);
      const done = await work(deps, actorOf(staff), input);
      return adminRoutes.registration(locale, parse.parseRegistrationId(input).registrationId, done);
    },
    true,
  );
}

const outcome = (result: 'done' | 'already', done: string) => (result === 'already' ? 'already' : done);

export const registrationAdminActions = {
  adminRegApprove: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      staffForm(form, context, 'admin approve', 'registration:write', async (deps, actor, input) => {
        const { registrationId } = parse.parseRegistrationId(input);
        return input.decision === 'reject'
          ? outcome(await rejectByStaff(deps, actor, registrationId), 'rejected')
          : outcome(await approveByStaff(deps, actor, registrationId), 'approved');
      }),
  }),

  adminRegLetter: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      staffForm(form, context, 'admin letter', 'registration:write', async (deps, actor, input) => {
        const { registrationId, decision, reason } = parse.parseLetterDecision(input);
        const result = await decideLetterByStaff(deps, actor, registrationId, decision, reason);
        return outcome(result, decision === 'approved' ? 'letterApproved' : 'letterRejected');
      }),
  }),

  adminRegMove: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      staffForm(form, context, 'admin move', 'registration:write', async (deps, actor, input) => {
        const { registrationId, block, session } = parse.parseMoveChoice(input);
        const result = await moveChoiceByStaff(deps, actor, registrationId, block, session);
        return result === 'unchanged' ? 'already' : `moved-${result}`;
      }),
  }),

  adminRegResend: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      staffForm(form, context, 'admin resend', 'registration:write', async (deps, actor, input) => {
        await resendLinkByStaff(deps, actor, parse.parseRegistrationId(input).registrationId);
        return 'resent';
      }),
  }),

  adminRegCancel: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      staffForm(
        form,
        context,
        'admin cancel',
        (f) => (f.get('refund') === 'yes' ? 'registration:refund' : 'registration:write'),
        async (deps, actor, input) => {
          const { registrationId, refund } = parse.parseCancel(input);
          return outcome(await cancelByStaff(deps, actor, registrationId, refund), refund ? 'refunded' : 'cancelled');
        },
      ),
  }),

  adminRegPayment: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      staffForm(form, context, 'admin offline payment', 'registration:write', async (deps, actor, input) => {
        const { registrationId, ...payment } = parse.parseOfflinePayment(input);
        return outcome(await recordOfflinePayment(deps, actor, registrationId, payment), 'paid');
      }),
  }),

  adminRegNote: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      staffForm(form, context, 'admin note', 'registration:write', async (deps, actor, input) => {
        const { registrationId, note } = parse.parseNote(input);
        await addNote(deps, actor, registrationId, note);
        return 'noted';
      }),
  }),
};
