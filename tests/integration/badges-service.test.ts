import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../src/features/registration/registration.service.ts';
import { BAND_COLOURS } from '../../src/features/printouts/badge-pdf.tsx';
import { badgesToPrint, renderBadges, renderOneBadge } from '../../src/features/printouts/badges.service.ts';
import { verifyTicketCode } from '../../src/features/printouts/ticket-code.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { form, makeDeps, type TestDeps } from '../support/deps.ts';

const dir = mkdtempSync(join(tmpdir(), 'forum-badge-service-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (pdf: Buffer, name: string) => {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
};

describe.each(dialects)('badges of registrations on %s', (dialect) => {
  let t: TestDb;
  let deps: TestDeps;
  let chinese: string;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    deps = await makeDeps(t);
    chinese = (await register(deps, form({ name: '王小明', category: 'mainland' }), 'client')).registrationId;
    await register(deps, form({ name: 'Marie-Louise Dupont', category: 'international' }), 'client');
  });
  afterAll(() => t.drop());

  it('test_badgesToPrint_byCategory_bandInContentOrderAndAGenuineCode', async () => {
    const all = await badgesToPrint(deps, 'en', { layout: 'a4' });
    expect(all.map((b) => b.name)).toEqual(['Marie-Louise Dupont', '王小明']);
    const mainland = await badgesToPrint(deps, 'en', { layout: 'a4', category: 'mainland' });
    expect(mainland).toHaveLength(1);
    expect(mainland[0]).toMatchObject({ name: '王小明', category: 'Mainland', band: BAND_COLOURS[0] });
    expect(all[0]).toMatchObject({ category: 'International', band: BAND_COLOURS[1] });
    expect(verifyTicketCode(deps.keys.tickets, mainland[0].code)).toBe(chinese);
  });

  it('test_renderBadges_bulkAndOne_chineseAndLatinNamesAreText', async () => {
    const reports: number[] = [];
    const { pdf, count } = await renderBadges(deps, 'zh', { layout: 'a4' }, (done) => reports.push(done));
    expect(count).toBe(2);
    expect(reports.at(-1)).toBe(2);
    const bulk = text(pdf, `bulk-${dialect}`);
    expect(bulk).toContain('王小明');
    expect(bulk).toContain('Marie-Louise Dupont');
    expect(bulk).toContain('内地');
    const one = text(await renderOneBadge(deps, 'en', chinese), `one-${dialect}`);
    expect(one).toContain('王小明');
    expect(one).not.toContain('Marie-Louise');
    await expect(renderOneBadge(deps, 'en', 'no-such-registration')).rejects.toThrow();
  });
});
