/** Staff accounts in better-auth's tables (camelCase columns), and the one-time password links. */
import type { Dialect } from '../../db/database.ts';
import type { Executor } from '../../db/transaction.ts';

/** A flag as the dialect stores better-auth's booleans. */
const flag = (dialect: Dialect, value: boolean) => (dialect === 'postgres' ? value : value ? 1 : 0);
const truthy = (value: unknown) => value === true || value === 1 || value === '1';
const isoOf = (value: string | Date) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

export interface StaffMember {
  id: string;
  name: string;
  email: string;
  role: string;
  banned: boolean;
  twoFactorEnabled: boolean;
  createdAt: string;
}

const columns = ['id', 'name', 'email', 'role', 'banned', 'twoFactorEnabled', 'createdAt'] as const;

function toMember(row: {
  id: string;
  name: string;
  email: string;
  role: string | null;
  banned: unknown;
  twoFactorEnabled: unknown;
  createdAt: string | Date;
}): StaffMember {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role ?? '',
    banned: truthy(row.banned),
    twoFactorEnabled: truthy(row.twoFactorEnabled),
    createdAt: isoOf(row.createdAt),
  };
}

export async function findStaff(db: Executor, id: string): Promise<StaffMember | undefined> {
  const row = await db.selectFrom('org_user').select(columns).where('id', '=', id).executeTakeFirst();
  return row && toMember(row);
}

export async function findStaffByEmail(db: Executor, email: string): Promise<StaffMember | undefined> {
  const row = await db.selectFrom('org_user').select(columns).where('email', '=', email).executeTakeFirst();
  return row && toMember(row);
}

export async function listStaff(db: Executor): Promise<StaffMember[]> {
  const rows = await db.selectFrom('org_user').select(columns).orderBy('email').execute();
  return rows.map(toMember);
}

/** Admins who are not banned. */
export async function countActiveAdmins(db: Executor, dialect: Dialect): Promise<number> {
  const row = await db
    .selectFrom('org_user')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('role', '=', 'admin')
    .where((eb) => eb.or([eb('banned', 'is', null), eb('banned', '=', flag(dialect, false))]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertStaff(
  trx: Executor,
  dialect: Dialect,
  member: { id: string; name: string; email: string; role: string; now: string },
): Promise<void> {
  await trx
    .insertInto('org_user')
    .values({
      id: member.id,
      name: member.name,
      email: member.email,
      emailVerified: flag(dialect, false),
      image: null,
      createdAt: member.now,
      updatedAt: member.now,
      role: member.role,
      banned: flag(dialect, false),
      banReason: null,
      banExpires: null,
      twoFactorEnabled: flag(dialect, false),
    })
    .execute();
}

export async function updateRole(trx: Executor, id: string, role: string, now: string): Promise<void> {
  await trx.updateTable('org_user').set({ role, updatedAt: now }).where('id', '=', id).execute();
}

export async function setBanned(trx: Executor, dialect: Dialect, id: string, banned: boolean, now: string): Promise<void> {
  await trx
    .updateTable('org_user')
    .set({ banned: flag(dialect, banned), banReason: null, banExpires: null, updatedAt: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteSessions(trx: Executor, userId: string): Promise<void> {
  await trx.deleteFrom('org_session').where('userId', '=', userId).execute();
}

export async function deleteStaff(trx: Executor, id: string): Promise<void> {
  await trx.deleteFrom('staff_password_link').where('user_id', '=', id).execute();
  await trx.deleteFrom('org_user').where('id', '=', id).execute();
}

/** The credential (email + password) account's hash: replaced, or created on first use. */
export async function setCredentialPassword(trx: Executor, userId: string, id: string, hash: string, now: string): Promise<void> {
  const updated = await trx
    .updateTable('org_account')
    .set({ password: hash, updatedAt: now })
    .where('userId', '=', userId)
    .where('providerId', '=', 'credential')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await trx
    .insertInto('org_account')
    .values({ id, accountId: userId, providerId: 'credential', userId, password: hash, createdAt: now, updatedAt: now })
    .execute();
}

/** A new one-time link; earlier unused links of the same user (or setup links) stop working. */
export async function insertPasswordLink(
  trx: Executor,
  link: { tokenHash: string; userId: string | null; expiresAt: string; now: string },
): Promise<void> {
  const earlier = trx.deleteFrom('staff_password_link').where('used_at', 'is', null);
  await (link.userId === null ? earlier.where('user_id', 'is', null) : earlier.where('user_id', '=', link.userId)).execute();
  await trx
    .insertInto('staff_password_link')
    .values({ token_hash: link.tokenHash, user_id: link.userId, expires_at: link.expiresAt, used_at: null, created_at: link.now })
    .execute();
}

/** The link if it is unused and unexpired. */
export async function findOpenPasswordLink(db: Executor, tokenHash: string, now: string) {
  return db
    .selectFrom('staff_password_link')
    .select(['token_hash', 'user_id', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Mark the link used; false when another request used it first. */
export async function usePasswordLink(trx: Executor, tokenHash: string, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('staff_password_link')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The user a pending second-factor step belongs to (better-auth keeps it in its verification table). */
export async function pendingTwoFactorUser(db: Executor, identifier: string): Promise<string | undefined> {
  const row = await db.selectFrom('org_verification').select('value').where('identifier', '=', identifier).executeTakeFirst();
  return row?.value;
}
