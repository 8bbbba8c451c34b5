import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attendeeAgendaIcs } from '../../src/features/printouts/agenda-ics.ts';
import { splitForWrapping } from '../../src/features/printouts/fonts.ts';
import { renderInvitationLetterPdf } from '../../src/features/printouts/invitation-letter-pdf.tsx';
import { renderReceiptPdf } from '../../src/features/printouts/receipt-pdf.tsx';
import { ticketCode, ticketQrPng, ticketQrSvg, verifyTicketCode } from '../../src/features/printouts/ticket-code.ts';
import { renderTicketPdf, type TicketPdfInput } from '../../src/features/printouts/ticket-pdf.tsx';
import { parseICalEvents } from '../../src/features/program/ical.ts';
import { makeEvent, makeSession } from '../fixtures/program.ts';

const key = randomBytes(32);
const id = '3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c';
const dir = mkdtempSync(join(tmpdir(), 'forum-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the PDF and returns its text as poppler extracts it (no layout, so lines stay whole). */
function pdfText(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

function pdfFonts(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}-fonts.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdffonts', [file], { encoding: 'utf8' });
}

const flat = (text: string) => text.replace(/\s+/g, '');

describe('ticket codes', () => {
  it('test_ticket_code_round_trips', () => {
    const code = ticketCode(key, id);
    expect(code).toMatch(/^T1\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{16}$/);
    expect(verifyTicketCode(key, code)).toBe(id);
  });

  it('test_tampered_or_foreign_codes_are_rejected', () => {
    const code = ticketCode(key, id);
    const [, , mac] = code.split('.');
    const otherId = `${id.slice(0, -1)}d`;
    expect(verifyTicketCode(key, `T1.${otherId}.${mac}`)).toBeNull();
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyTicketCode(key, `T1.${id}.${flipped}`)).toBeNull();
    expect(verifyTicketCode(key, `T2.${id}.${mac}`)).toBeNull();
    expect(verifyTicketCode(key, `T1.${id}.${mac}x`)).toBeNull();
    expect(verifyTicketCode(randomBytes(32), code)).toBeNull();
    expect(verifyTicketCode(key, 'garbage')).toBeNull();
    expect(() => ticketCode(key, 'a.b')).toThrow();
  });

  it('test_qr_images_are_png_and_differ_per_code', async () => {
    const a = await ticketQrPng(ticketCode(key, id));
    const b = await ticketQrPng(ticketCode(key, 'another-registration'));
    expect(a.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(a.length).toBeGreaterThan(0);
    expect(a.equals(b)).toBe(false);
    // IHDR width: 480 px as asked.
    expect(a.readUInt32BE(16)).toBe(480);
    expect(await ticketQrSvg(ticketCode(key, id))).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});

describe('wrapping', () => {
  it('test_chinese_splits_per_character_without_hyphen_points_and_latin_stays_whole', () => {
    expect(splitForWrapping('Governance')).toEqual(['Governance']);
    expect(splitForWrapping('数字治理，论坛')).toEqual(['数', '', '字', '', '治', '', '理，', '', '论', '', '坛']);
    expect(splitForWrapping('（FDG）2024年').join('')).toBe('（FDG）2024年');
  });
});

function ticketInput(overrides: Partial<TicketPdfInput>): TicketPdfInput {
  return {
    locale: 'en',
    eventName: 'Forum on Digital Governance 2024',
    eventDates: '19–20 December 2024',
    venue: 'Riverside Conference Centre, Shanghai',
    attendeeName: 'Anna Schmidt',
    organization: 'University of Hamburg',
    ticketName: 'Academic delegate',
    sessionLines: ['P2 · Hotlines and citizen feedback'],
    registrationId: id,
    code: ticketCode(key, id),
    sample: false,
    ...overrides,
  };
}

describe('ticket PDF', () => {
  const times: number[] = [];
  afterAll(() => console.info(`ticket render times (ms): ${times.map((ms) => ms.toFixed(0)).join(', ')}`));

  const cases: [string, Partial<TicketPdfInput>][] = [
    ['en-latin', {}],
    ['en-chinese-name', { attendeeName: '张伟', organization: '复旦大学' }],
    [
      'zh-chinese-name',
      {
        locale: 'zh',
        eventName: '2024数字治理论坛',
        eventDates: '2024年12月19日至20日',
        venue: '上海 滨江会议中心',
        attendeeName: '张伟',
        organization: '复旦大学国际关系与公共事务学院',
        ticketName: '学术代表',
        sessionLines: ['P2 · 热线与公众诉求'],
        sample: true,
      },
    ],
    ['zh-latin-name', { locale: 'zh', eventName: '2024数字治理论坛', ticketName: '学术代表' }],
    [
      'zh-hant-chinese-name',
      {
        locale: 'zh-hant',
        eventName: '2024數字治理論壇',
        venue: '香港 會議展覽中心',
        attendeeName: '陳嘉慧',
        organization: '香港大學',
        ticketName: '學術代表',
        sample: true,
      },
    ],
    [
      'en-long-sample',
      {
        attendeeName: 'Anna Maria Schmidt-Hohenberg von Rechenberg',
        sessionLines: ['P2 · Hotlines and citizen feedback in the age of platform governance and public participation'],
        sample: true,
      },
    ],
  ];

  it.each(cases)('test_ticket_%s_contains_name_ticket_and_event', async (name, overrides) => {
    const input = ticketInput(overrides);
    const started = performance.now();
    const pdf = await renderTicketPdf(input);
    times.push(performance.now() - started);
    const text = pdfText(pdf, `ticket-${name}`);
    for (const expected of [input.attendeeName, input.ticketName, input.eventName, id.slice(0, 8).toUpperCase()]) {
      expect(flat(text)).toContain(flat(expected));
    }
    const words = { en: ['admission ticket', 'SAMPLE'], zh: ['入场券', '样例'], 'zh-hant': ['入場券', '樣例'] }[input.locale];
    expect(text.toLowerCase()).toContain(words[0]);
    expect(text.includes(words[1])).toBe(input.sample);
    expect(text).not.toMatch(/[\u4e00-\u9fff]-/); // no hyphen after a Chinese character
    expect(pdf.length).toBeLessThan(200 * 1024);
    expect(pdfFonts(pdf, name)).toMatch(/[A-Z]{6}\+\S*NotoSansSC\S*\s.*\byes\s+yes\b/);
    // Everything fits on one A6 page, even with a long name, session and the sample line.
    const info = execFileSync('pdfinfo', [join(dir, `ticket-${name}.pdf`)], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\b/);
    expect(info).toMatch(/Page size:\s+297\.\d+ x 419\.\d+ pts/);
  });

  it('test_ticket_renders_fast_after_the_first', async () => {
    const started = performance.now();
    await renderTicketPdf(ticketInput({ attendeeName: '李娜' }));
    const ms = performance.now() - started;
    times.push(ms);
    expect(ms).toBeLessThan(5000);
  });
});

describe('invitation letter PDF', () => {
  const en = {
    eventName: 'Forum on Digital Governance 2024',
    theme: 'Governance in a digital age',
    eventDates: '19–20 December 2024',
    city: 'Shanghai',
    venue: 'Riverside Conference Centre',
    hosts: ['Fudan University', 'Shanghai Municipal Government Service Hotline'],
    arrival: '17 December 2024',
    departure: '22 December 2024',
    birthDate: '3 March 1985',
    passportExpiry: '1 June 2031',
    issuedOn: '1 November 2024',
    letterhead: 'Organizing Committee of the Forum on Digital Governance',
    signatory: 'Li Ming',
    signatoryTitle: 'Secretary-General',
    purpose: 'to attend the forum as an invited guest',
  };
  const zh = {
    eventName: '2024数字治理论坛',
    theme: '数字时代的治理',
    eventDates: '2024年12月19日至20日',
    city: '上海',
    venue: '滨江会议中心',
    hosts: ['复旦大学', '上海市政务服务便民热线'],
    arrival: '2024年12月17日',
    departure: '2024年12月22日',
    birthDate: '1985年3月3日',
    passportExpiry: '2031年6月1日',
    issuedOn: '2024年11月1日',
    letterhead: '数字治理论坛组委会',
    signatory: '李明',
    signatoryTitle: '秘书长',
    purpose: '作为受邀嘉宾出席论坛',
  };
  const base = {
    texts: { en, zh, 'zh-hant': zh },
    guestName: 'SCHMIDT ANNA MARIA',
    passportNumber: 'C01X00T47',
    nationality: 'Germany',
    reference: 'FDG2024-INV-3F2A9C1E',
    sample: false,
  };

  it('test_letter_is_bilingual_with_what_consulates_ask_for', async () => {
    const pdf = await renderInvitationLetterPdf({ ...base, locale: 'en' });
    const text = flat(pdfText(pdf, 'letter-en'));
    for (const expected of [
      'SCHMIDT ANNA MARIA',
      'C01X00T47',
      'Germany',
      '17 December 2024',
      '22 December 2024',
      '3 March 1985',
      '1 June 2031',
      'Date of birth',
      'Passport valid until',
      'To whom it may concern',
      'to attend the forum as an invited guest',
      'do not cover',
      'Organizing Committee of the Forum on Digital Governance',
      'Li Ming',
      'Secretary-General',
      base.reference,
      // the same letter in Chinese
      '致有关部门',
      '护照号码',
      '出生日期',
      '护照有效期至',
      '1985年3月3日',
      '作为受邀嘉宾出席论坛',
      '数字治理论坛组委会',
      '李明',
      '组委会不承担',
    ]) {
      expect(text).toContain(flat(expected));
    }
    expect(text.indexOf('To whom')).toBeLessThan(text.indexOf('致有关部门'));
    expect(text).not.toContain('SAMPLE');
  });

  it('test_letter_zh_first_sample_is_marked_and_wraps_chinese', async () => {
    const pdf = await renderInvitationLetterPdf({
      ...base,
      locale: 'zh',
      guestName: '张伟',
      passportNumber: 'E12345678',
      nationality: '中国',
      sample: true,
    });
    const raw = pdfText(pdf, 'letter-zh');
    const text = flat(raw);
    for (const expected of ['张伟', 'E12345678', '护照号码', '样例模板', 'SAMPLETEMPLATE', '组委会不承担'])
      expect(text).toContain(expected);
    expect(text.indexOf('致有关部门')).toBeLessThan(text.indexOf('Towhom'));
    expect(raw).not.toMatch(/[\u4e00-\u9fff]-/);
    expect(pdf.length).toBeLessThan(200 * 1024);
  });
});

describe('receipt PDF', () => {
  const base = {
    eventName: 'Forum on Digital Governance 2024',
    issuer: 'Organizing Committee',
    number: '2024-000123',
    payer: 'Anna Schmidt',
    organization: 'Example University',
    item: 'Full pass',
    amount: '¥1,200.00',
    date: '1 November 2024',
    method: 'stripe' as const,
    sample: false,
  };

  it('test_receipt_en_states_number_payer_amount_and_invoice_to_follow', async () => {
    const pdf = await renderReceiptPdf({ ...base, locale: 'en', invoice: { title: '北京示例大学', taxNumber: '91110000123456789X' } });
    const text = flat(pdfText(pdf, 'receipt-en'));
    for (const expected of [
      'Receipt',
      '2024-000123',
      'Anna Schmidt',
      'Full pass',
      '¥1,200.00',
      'Stripe',
      '北京示例大学',
      '91110000123456789X',
      '发票',
    ]) {
      expect(text).toContain(flat(expected));
    }
  });

  it('test_receipt_zh_without_invoice_details', async () => {
    const pdf = await renderReceiptPdf({ ...base, locale: 'zh', payer: '张伟', item: '全程票', method: 'simulated', sample: true });
    const text = flat(pdfText(pdf, 'receipt-zh'));
    for (const expected of ['收据', '2024-000123', '张伟', '全程票', '¥1,200.00', '模拟支付', '本收据不是税务发票', '样例'])
      expect(text).toContain(expected);
    expect(text).not.toContain('另行开具');
  });
});

describe('attendee agenda', () => {
  it('test_agenda_has_one_vevent_per_session_with_tzid', () => {
    const event = makeEvent();
    const main = makeSession();
    const chosen = makeSession({
      id: 'hotlines',
      code: 'P2',
      kind: 'parallel',
      title: { en: 'Hotlines', zh: '热线' },
      start: '14:00',
      end: '17:30',
    });
    const ics = attendeeAgendaIcs({ event, sessions: [main, chosen, main], locale: 'zh', baseUrl: 'https://forum.example.org/' });
    const events = parseICalEvents(ics);
    expect(events.map((e) => e.uid)).toEqual(['opening-plenary@fdg2024', 'hotlines@fdg2024']);
    for (const e of events) expect(e.start.tzid).toBe('Asia/Shanghai');
    expect(events[1].start.value).toBe('20241219T140000');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics).toContain('X-WR-CALNAME:我的日程 · 数字治理论坛');
    expect(ics).toContain('BEGIN:VTIMEZONE');
  });
});
