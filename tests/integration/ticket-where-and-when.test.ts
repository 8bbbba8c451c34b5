import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ticketCode } from '../../src/features/printouts/ticket-code.ts';
import { renderTicketPdf } from '../../src/features/printouts/ticket-pdf.tsx';
import { registrationWhereAndWhen } from '../../src/server/views/where-and-when.ts';
import type { Locale } from '../../src/i18n/locale.ts';
import { makeCatalog } from '../support/deps.ts';

const dir = mkdtempSync(join(tmpdir(), 'forum-ticket-ww-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const id = '3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c';

async function ticketText(locale: Locale): Promise<{ text: string; info: string }> {
  const catalog = makeCatalog();
  const pdf = await renderTicketPdf({
    locale,
    eventName: 'Forum on Digital Governance 2024',
    eventDates: '19–20 December 2024',
    venue: 'Riverside Conference Centre, Shanghai',
    attendeeName: 'Wei Li',
    organization: 'Fudan University',
    ticketName: 'Academic',
    registrationId: id,
    code: ticketCode(randomBytes(32), id),
    sample: false,
    whereAndWhen: registrationWhereAndWhen(catalog, locale, [{ sessionId: 'p2', status: 'waiting', position: 2 }]),
  });
  const file = join(dir, `ticket-${locale}.pdf`);
  writeFileSync(file, pdf);
  return {
    text: execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ''),
    info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }),
  };
}

describe('ticket PDF: where and when', () => {
  it('test_ticket_has_a_where_and_when_page_with_sessions_rooms_and_the_zone_named', async () => {
    const { text, info } = await ticketText('en');
    expect(info).toMatch(/Pages:\s+2\b/);
    for (const expected of [
      'Where and when',
      'Thursday, 19 December 2024 – Friday, 20 December 2024',
      'Riverside Conference Centre',
      '09:00–12:00, China Standard Time (UTC+8)',
      'Main Hall',
      'P2 ·',
      'On the waiting list (number 2)',
    ]) {
      expect(text).toContain(expected.replace(/\s+/g, ''));
    }
  });

  it('test_ticket_where_and_when_in_chinese', async () => {
    const { text } = await ticketText('zh');
    for (const expected of ['时间和地点', '滨江会议中心', '中国标准时间', 'UTC+8', '候补中（第2位）']) expect(text).toContain(expected);
  });
});
