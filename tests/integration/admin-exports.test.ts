/**
 * Organizer exports and the visits manifest on both databases: tables built from real
 * registrations and bookings, read back (XLSX with read-excel-file, CSV parsed), document
 * numbers only for admins, every download and reveal in the audit log, nothing once purged.
 */
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/features/registration/catalog.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { parseRegistrationForm } from '../../src/features/registration/registration-form.ts';
import { listAudit } from '../../src/features/staff/audit.ts';
import { purgeIdDocuments, syncSlotCapacities } from '../../src/features/visits/visit-jobs.service.ts';
import { exportResponse, parseExportFile, revealDocuments, type ExportRequest } from '../../src/server/admin-exports.ts';
import type { StaffUser } from '../../src/server/staff.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { formRecord, makeCatalog, makeDeps, type TestDeps } from '../support/deps.ts';
import { bookVisitForm, visitForm } from '../support/visits.ts';

const staff = (role: string): StaffUser => ({ id: `${role}-id`, email: `${role}@example.org`, name: role, role, twoFactorEnabled: true });
const admin = staff('admin');
const desk = staff('desk');

function catalogWithQuestions(): Catalog {
  const catalog = makeCatalog();
  const opt = (id: string, zh: string) => ({ id, label: { en: `Option ${id}`, zh } });
  const question = (id: string, kind: 'text' | 'multi-choice', zh: string) => ({
    id,
    kind,
    required: false,
    label: { en: id, zh },
    options: kind === 'text' ? [] : [opt('a', '选项甲'), opt('b', '选项乙')],
    tickets: [],
    categories: [],
    sample: false,
  });
  return { ...catalog, questions: [question('topics', 'multi-choice', '议题'), question('note', 'text', '备注')] };
}

/** The bytes sent: UTF-8 with a BOM (Response.text() would drop it). */
async function csvOf(response: Response): Promise<string[][]> {
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(bytes.toString('utf8'));
}

/** RFC 4180 as toCsv writes it (BOM, CRLF, quotes doubled). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  return rows;
}

describe.each(dialects)('organizer exports on %s', (dialect) => {
  let t: TestDb;
  let deps: TestDeps;
  let bookingId: string;
  const documentNo = 'E12345678';
  const dbs: TestDb[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.drop()));
  });
  // a fresh database per test (tests run shuffled; one of them runs the purge)
  beforeEach(async () => {
    t = await createTestDb(dialect);
    dbs.push(t);
    deps = await makeDeps(t, { catalog: catalogWithQuestions() });
    await syncSlotCapacities(deps);
    const record = formRecord({
      name: '王小明',
      organization: '北京市政务服务中心',
      'question-topics': ['a', 'b'],
      'question-note': '=1+2',
    });
    await register(deps, parseRegistrationForm(deps.catalog, record, deps.clock.now()), 'c');
    await register(deps, parseRegistrationForm(deps.catalog, formRecord({ name: 'Zoë Ångström', session: 'p2' }), deps.clock.now()), 'c');
    const fields = visitForm(2, {
      'visitorName[]': ['王小明', '李华'],
      'documentNumber[]': [documentNo, 'E87654321'],
      contactName: '王小明',
    });
    bookingId = (await bookVisitForm(deps, fields, 'c')).bookingId;
  });

  const download = async (request: ExportRequest, who = admin, locale: 'en' | 'zh' = 'en') => exportResponse(deps, who, locale, request);
  const reveals = async () => (await listAudit(t.db, { action: 'reveal.' })).entries;

  it('test_registrations_xlsx_round_trips_chinese_names_answers_and_session_choices', async () => {
    const response = await download({ kind: 'list', name: 'registrations', format: 'xlsx' }, admin, 'zh');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="registrations-2024-11-01\.xlsx"$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const [sheet] = await readXlsxFile(Buffer.from(await response.arrayBuffer()));
    const [headers, ...rows] = sheet.data as unknown[][];
    expect(headers).toEqual(expect.arrayContaining(['姓名', '单位', '邀请函', '议题', '备注', '分论坛，第 1 天 14:00']));
    const row = rows.find((r) => r[headers.indexOf('姓名')] === '王小明')!;
    expect(row[headers.indexOf('单位')]).toBe('北京市政务服务中心');
    expect(row[headers.indexOf('议题')]).toBe('选项甲; 选项乙');
    expect(row[headers.indexOf('备注')]).toBe("'=1+2");
    expect(String(row[headers.indexOf('分论坛，第 1 天 14:00')])).toMatch(/^P1/);
    expect(rows.map((r) => r[headers.indexOf('姓名')])).toContain('Zoë Ångström');
  });

  it('test_registrations_csv_has_a_bom_and_round_trips_chinese_names', async () => {
    const response = await download({ kind: 'list', name: 'registrations', format: 'csv' });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = await csvOf(response);
    const name = rows[0].indexOf('Name');
    expect(
      rows
        .slice(1)
        .map((r) => r[name])
        .sort(),
    ).toEqual(['Zoë Ångström', '王小明']);
  });

  it('test_attendee_and_waiting_lists_and_payments_are_built_from_the_database', async () => {
    const attendees = await csvOf(await download({ kind: 'list', name: 'attendees', format: 'csv' }));
    expect(attendees.slice(1).map((r) => [r[0].split(' ')[0], r[2]])).toEqual(
      expect.arrayContaining([
        ['P1', '王小明'],
        ['P2', 'Zoë Ångström'],
      ]),
    );
    const waiting = await csvOf(await download({ kind: 'list', name: 'waiting', format: 'csv' }));
    expect(waiting[0]).toEqual(['List', 'Position', 'Reference', 'Name', 'Organization', 'Email', 'Waiting since (UTC)']);
    const payments = await csvOf(await download({ kind: 'list', name: 'payments', format: 'csv' }));
    expect(payments).toHaveLength(1);
  });

  it('test_manifest_has_document_numbers_only_for_admins_and_every_export_is_audited', async () => {
    const before = (await reveals()).length;
    const request = parseExportFile('visit-slot-a.xlsx', ['slot-a', 'slot-b'])!;
    const [forAdmin] = await readXlsxFile(Buffer.from(await (await download(request)).arrayBuffer()));
    expect(forAdmin.data[0]).toContain('Document number');
    expect(forAdmin.data.slice(1).map((r) => [r[4], r.at(-1)])).toEqual([
      ['王小明', documentNo],
      ['李华', 'E87654321'],
    ]);
    const [forDesk] = await readXlsxFile(Buffer.from(await (await download(request, desk)).arrayBuffer()));
    expect(forDesk.data[0]).not.toContain('Document number');
    expect(JSON.stringify(forDesk.data)).not.toContain(documentNo);
    expect(forDesk.data.slice(1).map((r) => r[4])).toEqual(['王小明', '李华']);
    const entries = await reveals();
    expect(entries).toHaveLength(before + 2);
    expect(entries.map((e) => [e.action, e.actorEmail, e.subjectId, e.detail.documents]).sort()).toEqual([
      ['reveal.export', 'admin@example.org', 'visit-slot-a', true],
      ['reveal.export', 'desk@example.org', 'visit-slot-a', false],
    ]);
  });

  it('test_reveal_on_the_manifest_is_admin_only_audited_and_nothing_after_the_purge', async () => {
    expect(await revealDocuments(deps, desk, bookingId)).toBeUndefined();
    const shown = await revealDocuments(deps, admin, bookingId);
    expect(shown?.map((d) => d.documentNumber)).toEqual([documentNo, 'E87654321']);
    const [last] = await reveals();
    expect(last).toMatchObject({
      action: 'reveal.visit-documents',
      actorEmail: 'admin@example.org',
      subjectType: 'booking',
      subjectId: bookingId,
    });
    expect(JSON.stringify(last.detail)).not.toContain(documentNo);

    deps.clock.set(new Date('2025-01-01T00:00:00Z'));
    expect(await purgeIdDocuments(deps)).toBe(1);
    const count = (await reveals()).length;
    expect(await revealDocuments(deps, admin, bookingId)).toBeNull();
    expect((await reveals()).length).toBe(count);
    const csv = await (await download({ kind: 'visit', slotId: 'slot-a', format: 'csv' })).text();
    expect(csv).toContain('王小明');
    expect(csv).not.toContain(documentNo);
  });

  it('test_unknown_export_names_and_slots_are_refused', () => {
    expect(parseExportFile('registrations.pdf', ['slot-a'])).toBeUndefined();
    expect(parseExportFile('visit-nope.csv', ['slot-a'])).toBeUndefined();
    expect(parseExportFile('../x.csv', ['slot-a'])).toBeUndefined();
    expect(parseExportFile('waiting.csv', [])).toEqual({ kind: 'list', name: 'waiting', format: 'csv' });
  });
});
