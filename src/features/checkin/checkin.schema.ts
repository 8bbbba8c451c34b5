/** What check-in screens send: a batch of scans to sync (JSON), or a ticket picked from a search (form). */
import { z } from 'zod';
import { DomainError } from '../shared/domain-error.ts';
import { MAX_SYNC_BATCH } from './checkin.service.ts';
import type { ScanInput } from './checkin.types.ts';

const token = z.string().trim().min(1).max(64);

const scan = z.object({
  pointId: z.string().min(1).max(200),
  code: z.string().min(1).max(512),
  deviceId: token,
  clientRef: token,
  scannedAt: z.iso.datetime({ offset: true }).optional(),
});

const syncBody = z.object({ scans: z.array(scan).max(MAX_SYNC_BATCH, 'form.error.tooLong') });

function fail(error: z.ZodError): never {
  const fields: Record<string, string> = {};
  for (const issue of error.issues)
    fields[String(issue.path[0] ?? 'form')] ??= issue.message.startsWith('form.') ? issue.message : 'form.error.invalid';
  throw new DomainError('InvalidInput', fields);
}

/** The body of POST …/sync.json: every scan is for the point of the address. */
export function parseSync(body: unknown, pointId: string): ScanInput[] {
  const parsed = syncBody.safeParse(body);
  if (!parsed.success) fail(parsed.error);
  if (parsed.data.scans.some((s) => s.pointId !== pointId)) throw new DomainError('InvalidInput', { scans: 'form.error.invalid' });
  return parsed.data.scans;
}

/** The no-JavaScript form: a ticket picked from the search at a point. */
export function parseManualCheckIn(record: Record<string, unknown>): { pointId: string; ticketId: string } {
  const parsed = z
    .object({ pointId: z.string().min(1).max(200), ticketId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'form.error.invalid') })
    .safeParse(record);
  if (!parsed.success) fail(parsed.error);
  return parsed.data;
}
