/**
 * Staff accounts: the first admin, invitations, password links, roles, bans. Every change
 * and its audit row (and the invitation email) commit in one transaction.
 */
import { hashPassword } from 'better-auth/crypto';
import { inTransaction } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import { DomainError } from '../shared/domain-error.ts';
import { iso } from '../shared/clock.ts';
import { newId, newToken, sha256Hex } from '../shared/secrets.ts';
import type { Locale } from '../../i18n/locale.ts';
import { audit, systemActor, type Actor } from './audit.ts';
import type { StaffRole } from './roles.ts';
import * as repo from './staff.repository.ts';

type StaffDeps = Pick<Deps, 'db' | 'dialect' | 'clock'>;

/** How long a password link (invitation, first admin, setup) works. */
export const PASSWORD_LINK_HOURS = 72;

const inHours = (now: Date, hours: number) => iso(new Date(now.getTime() + hours * 3_600_000));
const subject = (id: string) => ({ type: 'staff', id });

/** A new one-time link for `userId` (null: the setup link of a fresh install); returns the token (only its hash is stored). */
export async function issuePasswordLink(deps: StaffDeps, userId: string | null): Promise<string> {
  const token = newToken();
  const now = deps.clock.now();
  await inTransaction(deps.db, (trx) =>
    repo.insertPasswordLink(trx, { tokenHash: sha256Hex(token), userId, expiresAt: inHours(now, PASSWORD_LINK_HOURS), now: iso(now) }),
  );
  return token;
}

/** `npm run admin:create`: a new admin (or an existing account made admin); returns the token of a link that sets the password. */
export async function createAdmin(deps: StaffDeps, input: { email: string; name: string }): Promise<{ userId: string; token: string }> {
  const now = iso(deps.clock.now());
  const userId = await inTransaction(deps.db, async (trx) => {
    const existing = await repo.findStaffByEmail(trx, input.email);
    if (existing) {
      await repo.updateRole(trx, existing.id, 'admin', now);
      await repo.setBanned(trx, deps.dialect, existing.id, false, now);
      await audit({ db: trx, clock: deps.clock }, systemActor, 'staff.create-admin', subject(existing.id), { existing: true });
      return existing.id;
    }
    const id = newId();
    await repo.insertStaff(trx, deps.dialect, { id, name: input.name, email: input.email, role: 'admin', now });
    await audit({ db: trx, clock: deps.clock }, systemActor, 'staff.create-admin', subject(id), { existing: false });
    return id;
  });
  return { userId, token: await issuePasswordLink(deps, userId) };
}

/** A setup link for a fresh install (no admin yet), or undefined when an admin exists. */
export async function setupLinkIfNoAdmin(deps: StaffDeps): Promise<string | undefined> {
  if ((await repo.countActiveAdmins(deps.db, deps.dialect)) > 0) return undefined;
  return issuePasswordLink(deps, null);
}

/** Invite a staff member: the account, an email with a link that sets the password, the audit row. */
export async function inviteStaff(
  deps: StaffDeps,
  actor: Actor,
  input: { email: string; name: string; role: StaffRole; locale: Locale },
): Promise<string> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    if (await repo.findStaffByEmail(trx, input.email)) throw new DomainError('InvalidInput', { email: 'staff.error.exists' });
    const id = newId();
    await repo.insertStaff(trx, deps.dialect, { id, name: input.name, email: input.email, role: input.role, now: iso(now) });
    await enqueueEmail(
      trx,
      {
        kind: 'staff-invite',
        recipient: input.email,
        locale: input.locale,
        payload: { staffUserId: id, name: input.name, role: input.role },
      },
      now,
    );
    await audit({ db: trx, clock: deps.clock }, actor, 'staff.invite', subject(id), { role: input.role });
    return id;
  });
}

/** What a password link opens: the account's email (or "new admin" for a setup link), or undefined when the link is used, expired or unknown. */
export async function passwordLinkOpens(deps: StaffDeps, token: string): Promise<{ email: string | null } | undefined> {
  const link = await repo.findOpenPasswordLink(deps.db, sha256Hex(token), iso(deps.clock.now()));
  if (!link) return undefined;
  if (link.user_id === null) return (await repo.countActiveAdmins(deps.db, deps.dialect)) > 0 ? undefined : { email: null };
  const member = await repo.findStaff(deps.db, link.user_id);
  return member && !member.banned ? { email: member.email } : undefined;
}

/**
 * Set the password with a one-time link (single use: a second use is InvalidToken). A setup
 * link creates the first admin from `account` (refused once an admin exists). Every session
 * of the account ends.
 */
export async function setPasswordWithLink(
  deps: StaffDeps,
  input: { token: string; password: string; account?: { email: string; name: string } | undefined },
): Promise<{ userId: string; email: string }> {
  const hash = await hashPassword(input.password);
  const now = iso(deps.clock.now());
  const tokenHash = sha256Hex(input.token);
  return inTransaction(deps.db, async (trx) => {
    const link = await repo.findOpenPasswordLink(trx, tokenHash, now);
    if (!link || !(await repo.usePasswordLink(trx, tokenHash, now))) throw new DomainError('InvalidToken');
    let member = link.user_id === null ? undefined : await repo.findStaff(trx, link.user_id);
    if (link.user_id === null) {
      if (!input.account || (await repo.countActiveAdmins(trx, deps.dialect)) > 0) throw new DomainError('InvalidToken');
      if (await repo.findStaffByEmail(trx, input.account.email)) throw new DomainError('InvalidInput', { email: 'staff.error.exists' });
      const id = newId();
      await repo.insertStaff(trx, deps.dialect, { id, ...input.account, role: 'admin', now });
      await audit({ db: trx, clock: deps.clock }, systemActor, 'staff.create-admin', subject(id), { setupLink: true });
      member = await repo.findStaff(trx, id);
    }
    if (!member || member.banned) throw new DomainError('InvalidToken');
    await repo.setCredentialPassword(trx, member.id, newId(), hash, now);
    await repo.deleteSessions(trx, member.id);
    await audit({ db: trx, clock: deps.clock }, { userId: member.id, email: member.email }, 'staff.password-set', subject(member.id));
    return { userId: member.id, email: member.email };
  });
}

/** Refuse acting on oneself (an admin cannot demote, ban or remove their own account) and leaving no admin. */
async function guard(trx: Parameters<typeof repo.findStaff>[0], deps: StaffDeps, actor: Actor, userId: string, losesAdmin: boolean) {
  if (actor.userId === userId) throw new DomainError('NotChangeable', { staff: 'staff.error.self' });
  const member = await repo.findStaff(trx, userId);
  if (!member) throw new DomainError('NotFound');
  if (losesAdmin && member.role === 'admin' && (await repo.countActiveAdmins(trx, deps.dialect)) <= 1) {
    throw new DomainError('NotChangeable', { staff: 'staff.error.lastAdmin' });
  }
  return member;
}

export async function changeRole(deps: StaffDeps, actor: Actor, userId: string, role: StaffRole): Promise<void> {
  const now = iso(deps.clock.now());
  await inTransaction(deps.db, async (trx) => {
    const member = await guard(trx, deps, actor, userId, role !== 'admin');
    if (member.role === role) return;
    await repo.updateRole(trx, userId, role, now);
    // a new role takes effect on the next sign-in: end the sessions opened under the old one
    await repo.deleteSessions(trx, userId);
    await audit({ db: trx, clock: deps.clock }, actor, 'staff.role-change', subject(userId), { from: member.role, to: role });
  });
}

export async function setStaffBanned(deps: StaffDeps, actor: Actor, userId: string, banned: boolean): Promise<void> {
  const now = iso(deps.clock.now());
  await inTransaction(deps.db, async (trx) => {
    const member = await guard(trx, deps, actor, userId, banned);
    if (member.banned === banned) return;
    await repo.setBanned(trx, deps.dialect, userId, banned, now);
    if (banned) await repo.deleteSessions(trx, userId);
    await audit({ db: trx, clock: deps.clock }, actor, banned ? 'staff.ban' : 'staff.unban', subject(userId));
  });
}

export async function removeStaff(deps: StaffDeps, actor: Actor, userId: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await guard(trx, deps, actor, userId, true);
    await repo.deleteStaff(trx, userId);
    await audit({ db: trx, clock: deps.clock }, actor, 'staff.remove', subject(userId));
  });
}

export { listStaff, findStaff, type StaffMember } from './staff.repository.ts';
