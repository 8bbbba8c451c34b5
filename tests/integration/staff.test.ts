/**
 * Staff accounts on both databases: the first admin, roles and permissions, invitations
 * (single-use links), bans, the audit log, better-auth planning no migration after ours,
 * throttled sign-in (per account strict, per address generous) and TOTP.
 */
import { getMigrations } from 'better-auth/db/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAuth, IDLE_SECONDS, pastAbsoluteLimit, staffAuthOptions, type StaffAuth } from '../../src/features/staff/auth.ts';
import { authCaller, type AuthCall } from '../../src/features/staff/auth-call.ts';
import { listAudit } from '../../src/features/staff/audit.ts';
import { can, permissions } from '../../src/features/staff/roles.ts';
import { ACCOUNT_FAILURES, signInWithCode, signInWithPassword } from '../../src/features/staff/sign-in.service.ts';
import {
  changeRole,
  createAdmin,
  inviteStaff,
  issuePasswordLink,
  passwordLinkOpens,
  removeStaff,
  setPasswordWithLink,
  setStaffBanned,
  setupLinkIfNoAdmin,
} from '../../src/features/staff/staff.service.ts';
import { findStaffByEmail } from '../../src/features/staff/staff.repository.ts';
import { confirmTotpEnrolment, startTotpEnrolment } from '../../src/features/staff/two-factor.service.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { rejects } from '../support/domain.ts';
import { makeDeps, type TestDeps } from '../support/deps.ts';
import { secretOf, totp } from '../support/totp.ts';

const SITE = 'http://forum.test';
const PASSWORD = 'a long staff password';

/** A browser: its address and the cookies better-auth gave it. */
function browser(auth: StaffAuth, address: string) {
  const jar = new Map<string, string>();
  const call: AuthCall = async (path, body) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const answer = await authCaller(auth, SITE, { address, cookie })(path, body);
    for (const header of answer.setCookies) {
      const [pair = ''] = header.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (/max-age=0/i.test(header) || value === '') jar.delete(pair.slice(0, eq));
      else jar.set(pair.slice(0, eq), value);
    }
    return answer;
  };
  return { call, cookie: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '), jar };
}

describe.each(dialects)('the first admin on %s', (dialect) => {
  let t: TestDb;
  let deps: TestDeps;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    deps = await makeDeps(t);
  });
  afterAll(() => t.drop());

  it('test_setup_link_creates_the_first_admin_once', async () => {
    const token = await setupLinkIfNoAdmin(deps);
    expect(token).toBeDefined();
    expect(await passwordLinkOpens(deps, token!)).toEqual({ email: null });
    const admin = await setPasswordWithLink(deps, {
      token: token!,
      password: PASSWORD,
      account: { email: 'first@example.org', name: 'First' },
    });
    expect((await findStaffByEmail(t.db, 'first@example.org'))?.role).toBe('admin');
    expect(admin.email).toBe('first@example.org');
    expect(await setupLinkIfNoAdmin(deps)).toBeUndefined();
    expect(
      (await rejects(setPasswordWithLink(deps, { token: token!, password: PASSWORD, account: { email: 'x@example.org', name: 'X' } })))
        .code,
    ).toBe('InvalidToken');
  });
});

describe.each(dialects)('staff accounts on %s', (dialect) => {
  let t: TestDb;
  let deps: TestDeps;
  let auth: StaffAuth;
  const config = { siteUrl: SITE, secret: 'test-secret-test-secret-test-secret-0123', issuer: 'Forum' };

  async function staffWithPassword(email: string, role: 'admin' | 'desk' | 'editor' | 'checkin') {
    const { userId, token } = await createAdmin(deps, { email, name: email.split('@')[0] });
    if (role !== 'admin') await changeRole(deps, { userId: 'system', email: null }, userId, role);
    await setPasswordWithLink(deps, { token, password: PASSWORD });
    return userId;
  }

  beforeAll(async () => {
    t = await createTestDb(dialect);
    deps = await makeDeps(t);
    auth = createStaffAuth(t.db, dialect, config);
    const admin = await staffWithPassword('first@example.org', 'admin');
    const id = await inviteStaff(
      deps,
      { userId: admin, email: 'first@example.org' },
      { email: 'desk@example.org', name: 'Desk', role: 'desk', locale: 'en' },
    );
    await setPasswordWithLink(deps, { token: await issuePasswordLink(deps, id), password: PASSWORD });
  });
  afterAll(() => t.drop());

  it('test_better_auth_plans_no_migration_after_ours', async () => {
    const plan = await getMigrations(staffAuthOptions(t.db, dialect, config));
    expect(plan.toBeCreated).toEqual([]);
    expect(plan.toBeAdded).toEqual([]);
  });

  it('test_roles_grant_their_permissions_only', () => {
    expect(permissions.every((p) => can('admin', p))).toBe(true);
    expect(can('desk', 'registration:read')).toBe(true);
    expect(can('desk', 'visit:write')).toBe(true);
    expect(can('desk', 'registration:refund')).toBe(false);
    expect(can('desk', 'staff:manage')).toBe(false);
    expect(can('desk', 'visit:reveal-documents')).toBe(false);
    expect(can('editor', 'content:write')).toBe(true);
    expect(can('editor', 'registration:read')).toBe(false);
    expect(can('checkin', 'checkin:scan')).toBe(true);
    expect(can('checkin', 'registration:read')).toBe(false);
    expect(can('', 'checkin:scan')).toBe(false);
    expect(can('nonsense', 'audit:read')).toBe(false);
  });

  it('test_a_session_ends_after_12_hours_however_active', () => {
    const start = new Date('2026-12-01T08:00:00Z');
    expect(pastAbsoluteLimit(start, new Date('2026-12-01T19:59:59Z'))).toBe(false);
    expect(pastAbsoluteLimit(start.toISOString(), new Date('2026-12-01T20:00:00Z'))).toBe(true);
  });

  it('test_invite_link_sets_the_password_once_and_is_audited', async () => {
    const admin = await findStaffByEmail(t.db, 'first@example.org');
    const actor = { userId: admin!.id, email: admin!.email };
    const id = await inviteStaff(deps, actor, { email: 'invitee@example.org', name: 'Invitee', role: 'desk', locale: 'zh' });
    const outbox = await t.db.selectFrom('outbox').selectAll().where('recipient', '=', 'invitee@example.org').execute();
    expect(outbox.map((o) => [o.kind, o.locale])).toEqual([['staff-invite', 'zh']]);
    expect(JSON.parse(outbox[0].payload)).toEqual({ staffUserId: id, name: 'Invitee', role: 'desk' });
    // the renderer issues the link when it sends the email
    const token = await issuePasswordLink(deps, id);
    const stored = await t.db.selectFrom('staff_password_link').select('token_hash').where('user_id', '=', id).execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
    expect(await passwordLinkOpens(deps, token)).toEqual({ email: 'invitee@example.org' });
    await setPasswordWithLink(deps, { token, password: PASSWORD });
    expect(await passwordLinkOpens(deps, token)).toBeUndefined();
    expect((await rejects(setPasswordWithLink(deps, { token, password: 'another long password' }))).code).toBe('InvalidToken');
    expect(
      (await rejects(inviteStaff(deps, actor, { email: 'invitee@example.org', name: 'D', role: 'desk', locale: 'en' }))).fields,
    ).toEqual({ email: 'staff.error.exists' });
    const log = await listAudit(t.db, { actor: admin!.id });
    expect(log.entries.map((e) => [e.action, e.subjectId, e.detail])).toContainEqual(['staff.invite', id, { role: 'desk' }]);
    const own = await listAudit(t.db, { action: 'staff.password-set' });
    expect(own.entries.map((e) => e.actorEmail)).toContain('invitee@example.org');
  });

  it('test_invite_link_expires_after_72_hours', async () => {
    const admin = await findStaffByEmail(t.db, 'first@example.org');
    const id = await inviteStaff(
      deps,
      { userId: admin!.id, email: admin!.email },
      { email: 'late@example.org', name: 'Late', role: 'editor', locale: 'en' },
    );
    const token = await issuePasswordLink(deps, id);
    deps.clock.advance(72 * 3_600_000 + 1000);
    expect(await passwordLinkOpens(deps, token)).toBeUndefined();
    expect((await rejects(setPasswordWithLink(deps, { token, password: PASSWORD }))).code).toBe('InvalidToken');
  });

  it('test_role_change_ban_and_remove_are_audited_and_guarded', async () => {
    const admin = await findStaffByEmail(t.db, 'first@example.org');
    const actor = { userId: admin!.id, email: admin!.email };
    await staffWithPassword('roles@example.org', 'desk');
    const desk = await findStaffByEmail(t.db, 'roles@example.org');
    await changeRole(deps, actor, desk!.id, 'checkin');
    expect((await findStaffByEmail(t.db, 'roles@example.org'))?.role).toBe('checkin');
    await changeRole(deps, actor, desk!.id, 'desk');
    expect((await rejects(changeRole(deps, actor, admin!.id, 'desk'))).fields).toEqual({ staff: 'staff.error.self' });
    await setStaffBanned(deps, actor, desk!.id, true);
    expect((await findStaffByEmail(t.db, 'roles@example.org'))?.banned).toBe(true);
    const banned = await browser(auth, '10.0.0.9').call('/sign-in/email', { email: 'roles@example.org', password: PASSWORD });
    expect(banned.status).not.toBe(200);
    await setStaffBanned(deps, actor, desk!.id, false);
    await removeStaff(deps, actor, desk!.id);
    expect(await findStaffByEmail(t.db, 'roles@example.org')).toBeUndefined();
    const actions = (await listAudit(t.db, { action: 'staff.' })).entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['staff.role-change', 'staff.ban', 'staff.unban', 'staff.remove', 'staff.create-admin']),
    );
  });

  it('test_wrong_password_burst_gets_429_while_another_account_from_the_same_address_signs_in', async () => {
    await staffWithPassword('burst@example.org', 'desk');
    const venue = '203.0.113.7';
    const attacker = browser(auth, venue);
    const outcomes: string[] = [];
    for (let i = 0; i < ACCOUNT_FAILURES + 2; i++) {
      outcomes.push(
        await signInWithPassword(deps, attacker.call, { email: 'burst@example.org', password: 'wrong password!!' }).then(
          String,
          (e: { code: string }) => e.code,
        ),
      );
    }
    expect(outcomes.slice(0, ACCOUNT_FAILURES)).toEqual(Array(ACCOUNT_FAILURES).fill('InvalidInput'));
    expect(outcomes.slice(ACCOUNT_FAILURES)).toEqual(['RateLimited', 'RateLimited']);
    // the right password is refused too until the window ends
    expect((await rejects(signInWithPassword(deps, attacker.call, { email: 'burst@example.org', password: PASSWORD }))).code).toBe(
      'RateLimited',
    );
    // a colleague behind the same NAT signs in
    const colleague = browser(auth, venue);
    expect(await signInWithPassword(deps, colleague.call, { email: 'desk@example.org', password: PASSWORD })).toBe('signed-in');
    const session = await auth.api.getSession({ headers: new Headers({ cookie: colleague.cookie() }) });
    expect(session?.user.email).toBe('desk@example.org');
    // Other tests of this file sign in too (shuffled order, one clock): look for this one.
    const signIns = await listAudit(t.db, { action: 'staff.sign-in' });
    expect(signIns.entries.map((e) => e.actorEmail)).toContain('desk@example.org');
  });

  it('test_per_address_limit_refuses_a_flood_from_one_address_only', async () => {
    const strict = createStaffAuth(t.db, dialect, { ...config, signInsPerAddress: 3 });
    const flood = browser(strict, '198.51.100.1');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await flood.call('/sign-in/email', { email: `nobody${i}@example.org`, password: 'wrong password!!' })).status);
    expect(statuses.slice(3)).toEqual([429, 429]);
    const elsewhere = browser(strict, '198.51.100.2');
    expect((await elsewhere.call('/sign-in/email', { email: 'desk@example.org', password: PASSWORD })).status).toBe(200);
  });

  it('test_admin_enrols_totp_then_signs_in_with_a_code_and_a_wrong_code_is_audited', async () => {
    const id = await staffWithPassword('totp@example.org', 'admin');
    const actor = { userId: id, email: 'totp@example.org' };
    const first = browser(auth, '192.0.2.10');
    expect(await signInWithPassword(deps, first.call, { email: 'totp@example.org', password: PASSWORD })).toBe('signed-in');
    const enrolment = await startTotpEnrolment(first.call, PASSWORD);
    expect(enrolment.qrSvg).toContain('<svg');
    expect(enrolment.secret).toBe(secretOf(enrolment.uri));
    expect((await rejects(confirmTotpEnrolment(deps, first.call, actor, '000000'))).fields).toEqual({ code: 'staff.error.code' });
    await confirmTotpEnrolment(deps, first.call, actor, totp(enrolment.secret));
    expect((await findStaffByEmail(t.db, 'totp@example.org'))?.twoFactorEnabled).toBe(true);

    const second = browser(auth, '192.0.2.11');
    expect(await signInWithPassword(deps, second.call, { email: 'totp@example.org', password: PASSWORD })).toBe('code');
    expect(await auth.api.getSession({ headers: new Headers({ cookie: second.cookie() }) })).toBeNull();
    expect((await rejects(signInWithCode(deps, second.call, { code: '000000', cookie: second.cookie() }))).fields).toEqual({
      code: 'staff.error.code',
    });
    await signInWithCode(deps, second.call, { code: totp(enrolment.secret), cookie: second.cookie() });
    const session = await auth.api.getSession({ headers: new Headers({ cookie: second.cookie() }) });
    expect(session?.user.email).toBe('totp@example.org');
    const failed = await listAudit(t.db, { action: 'staff.sign-in-failed-totp', actor: id });
    expect(failed.total).toBe(2);
    expect((await listAudit(t.db, { action: 'staff.totp-enabled' })).entries[0]?.subjectId).toBe(id);
  });

  it('test_session_cookie_is_host_prefixed_on_https_and_lasts_the_idle_timeout', async () => {
    const https = createStaffAuth(t.db, dialect, { ...config, siteUrl: 'https://forum.test' });
    const answer = await authCaller(https, 'https://forum.test', { address: '192.0.2.50' })('/sign-in/email', {
      email: 'desk@example.org',
      password: PASSWORD,
    });
    expect(answer.status).toBe(200);
    const session = answer.setCookies.find((c) => c.startsWith('__Host-staff_session='));
    expect(session).toBeDefined();
    expect(session).toMatch(/; Path=\/(;|$)/);
    expect(session).toMatch(/; Secure/);
    expect(session).not.toMatch(/Domain=/i);
    expect(session).toMatch(new RegExp(`Max-Age=${IDLE_SECONDS}`));
    const plain = await authCaller(auth, SITE, { address: '192.0.2.51' })('/sign-in/email', {
      email: 'desk@example.org',
      password: PASSWORD,
    });
    expect(plain.setCookies.some((c) => c.startsWith('staff.session_token=') && !/Secure/.test(c))).toBe(true);
  });

  it('test_audit_log_pages_newest_first', async () => {
    const page = await listAudit(t.db, {});
    expect(page.total).toBeGreaterThan(3);
    const times = page.entries.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(page.entries.every((e) => !JSON.stringify(e.detail).includes('@'))).toBe(true);
  });
});
