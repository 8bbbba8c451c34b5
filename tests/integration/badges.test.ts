import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BAND_COLOURS, renderBadgesPdf, type BadgeInput } from '../../src/features/printouts/badge-pdf.tsx';
import { ticketCode } from '../../src/features/printouts/ticket-code.ts';

const key = randomBytes(32);
const dir = mkdtempSync(join(tmpdir(), 'forum-badges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(tool: string, pdf: Buffer, name: string, args: string[] = []): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
}

const badge = (name: string, organization: string, category: string, i: number): BadgeInput => ({
  name,
  organization,
  category,
  band: BAND_COLOURS[i % BAND_COLOURS.length],
  code: ticketCode(key, `reg-${i}`),
  reference: `REF${i}`,
});

describe('badges', () => {
  it('test_badges_chineseAndLatinNames_areExtractableText', async () => {
    const pdf = await renderBadgesPdf({
      locale: 'zh',
      eventName: '北京接诉即办论坛',
      layout: 'a6',
      sample: false,
      badges: [
        badge('王小明', '北京市社会科学院', '中国内地', 0),
        badge('Marie-Louise Dupont', 'Université de Genève', 'International', 1),
      ],
    });
    const text = run('pdftotext', pdf, 'a6', ['-enc', 'UTF-8']).replace(/\s+/g, '');
    for (const expected of [
      '王小明',
      '北京市社会科学院',
      '中国内地',
      'Marie-LouiseDupont',
      'UniversitédeGenève',
      'International',
      '北京接诉即办论坛',
    ]) {
      expect(text).toContain(expected);
    }
    const info = run('pdfinfo', pdf, 'a6-info');
    expect(info).toMatch(/Pages:\s+2/);
    expect(info).toMatch(/Page size:\s+297\.6\d* x 419\.5\d* pts/);
    expect(run('pdffonts', pdf, 'a6-fonts')).toMatch(/NotoSansSC.*yes\s+yes/);
  });

  it('test_badges_a4Sheet_holdsFourPerPage_andReportsProgress', async () => {
    const badges = Array.from({ length: 9 }, (_, i) => badge(`Guest ${i}`, 'Org', 'Mainland', i));
    const seen: number[] = [];
    const pdf = await renderBadgesPdf({ locale: 'en', eventName: 'Forum', layout: 'a4', sample: true, badges }, (done) => seen.push(done));
    const info = run('pdfinfo', pdf, 'a4-info');
    expect(info).toMatch(/Pages:\s+3/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(seen.at(-1)).toBe(9);
    const text = run('pdftotext', pdf, 'a4', ['-enc', 'UTF-8']);
    expect(text).toContain('Guest 8');
    expect(text).toContain('SAMPLE');
  });
});
