/**
 * Staff roles and what each may do. Permissions are named `resource:action`; every organizer
 * route and export checks one on the server (`requireStaff(Astro, 'registration:read')`).
 */
import { createAccessControl } from 'better-auth/plugins/access';
import { defaultStatements } from 'better-auth/plugins/admin/access';

/** Everything a staff member may be allowed to do. */
const statements = {
  registration: ['read', 'write', 'refund'],
  visit: ['read', 'write', 'reveal-documents'],
  staff: ['manage'],
  content: ['write'],
  checkin: ['scan'],
  audit: ['read'],
  // better-auth's own admin endpoints (user and session management)
  ...defaultStatements,
} as const;

type Statements = typeof statements;
type OwnResource = Exclude<keyof Statements, keyof typeof defaultStatements>;

/** `registration:read`, `staff:manage` … */
export type Permission = { [R in OwnResource]: `${R}:${Statements[R][number]}` }[OwnResource];

export const permissions: readonly Permission[] = [
  'registration:read',
  'registration:write',
  'registration:refund',
  'visit:read',
  'visit:write',
  'visit:reveal-documents',
  'staff:manage',
  'content:write',
  'checkin:scan',
  'audit:read',
];

export const accessControl = createAccessControl(statements);

/** admin: everything, manages staff; desk: registrations and visits, no refunds, no staff; editor: content; checkin: the check-in screens. */
export const staffRoles = {
  admin: accessControl.newRole({
    registration: ['read', 'write', 'refund'],
    visit: ['read', 'write', 'reveal-documents'],
    staff: ['manage'],
    content: ['write'],
    checkin: ['scan'],
    audit: ['read'],
    // no impersonation: every action stays its author's
    user: ['create', 'list', 'set-role', 'ban', 'delete', 'set-password', 'get', 'update'],
    session: ['list', 'revoke', 'delete'],
  }),
  desk: accessControl.newRole({
    registration: ['read', 'write'],
    visit: ['read', 'write'],
    checkin: ['scan'],
  }),
  editor: accessControl.newRole({ content: ['write'] }),
  checkin: accessControl.newRole({ checkin: ['scan'] }),
};

export type StaffRole = keyof typeof staffRoles;
export const roleNames = Object.keys(staffRoles) as StaffRole[];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && Object.hasOwn(staffRoles, value);
}

/** Whether `role` (as stored on the user: possibly several, comma-separated) grants `permission`. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  const [resource, action] = permission.split(':') as [OwnResource, string];
  return (role ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(isStaffRole)
    .some((r) => staffRoles[r].authorize({ [resource]: [action] }).success);
}
