/** The gate of the workspace's non-page routes (JSON, PDF): signed in, role allows it, admins with their authenticator set up. */
import type { APIContext } from 'astro';
import { can, type Permission } from '../features/staff/roles.ts';
import { currentStaff, type StaffUser } from './staff.ts';

export type ApiGate = { staff: StaffUser } | { status: 401 | 403 };

export async function staffApiGate(context: APIContext, permission: Permission): Promise<ApiGate> {
  const staff = await currentStaff(context);
  if (!staff) return { status: 401 };
  const isAdmin = staff.role.split(',').includes('admin');
  if (!can(staff.role, permission) || (isAdmin && !staff.twoFactorEnabled)) return { status: 403 };
  return { staff };
}

/** A PDF for a staff member: never cached, downloaded under this name. */
export function pdfResponse(pdf: Buffer, filename: string): Response {
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  });
}

export const plainStatus = (status: number) =>
  new Response(status === 401 ? 'Sign in first' : status === 403 ? 'Not allowed' : 'Not found', {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
