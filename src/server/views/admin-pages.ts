/** What the workspace's staff and audit pages show. */
import { auditActions, listAudit, type AuditEntry } from '../../features/staff/audit.ts';
import { roleNames, type StaffRole } from '../../features/staff/roles.ts';
import { listStaff, passwordLinkOpens, type StaffMember } from '../../features/staff/staff.service.ts';
import { services } from '../services.ts';

export interface StaffPageView {
  members: (StaffMember & { self: boolean })[];
  roles: StaffRole[];
}

export async function staffPageView(selfId: string): Promise<StaffPageView> {
  const { deps } = await services();
  const members = await listStaff(deps.db);
  return { members: members.map((m) => ({ ...m, self: m.id === selfId })), roles: roleNames };
}

export interface AuditPageView {
  entries: AuditEntry[];
  total: number;
  page: number;
  pages: number;
  actions: string[];
  filter: { actor: string; action: string };
}

/** The log page for the query string (?actor=&action=&page=). */
export async function auditPageView(params: URLSearchParams): Promise<AuditPageView> {
  const { deps } = await services();
  const actor = (params.get('actor') ?? '').trim().slice(0, 254);
  const action = (params.get('action') ?? '').trim().slice(0, 80);
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  const result = await listAudit(deps.db, { actor, action, page: Number.isFinite(page) ? page : 1 });
  return { ...result, actions: await auditActions(deps.db), filter: { actor, action } };
}

/** What a password link opens (the account's email; null for the setup link of a fresh install), or undefined. */
export async function passwordPageView(token: string): Promise<{ email: string | null } | undefined> {
  if (!/^[A-Za-z0-9_-]{10,100}$/.test(token)) return undefined;
  const { deps } = await services();
  return passwordLinkOpens(deps, token);
}
