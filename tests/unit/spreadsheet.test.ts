import { describe, expect, it } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import { exportFileName, neutralizeFormula, sheetName, toCsv, toXlsx, type Table } from '../../src/features/exports/spreadsheet.ts';

const names = ['张伟', '陳大文', 'Zoë Ångström', '李 小龙', '𠮷野家'];

const table: Table = {
  name: 'Registrations: P2/[all]',
  headers: ['Name', 'Organization', 'Seats', 'Note'],
  rows: [
    ...names.map((n, i) => [n, '北京市社会科学院', i + 1, null]),
    ['=HYPERLINK("http://x","click")', '+86 10 1234', -3, '@SUM(A1)'],
    ['Quote "me", please', 'line\nbreak', 0, '\tTab'],
  ],
};

describe('spreadsheet exports', () => {
  it('test_xlsx_roundTrip_keepsChineseNamesAndNumbers', async () => {
    const file = await toXlsx([table]);
    const [sheet] = await readXlsxFile(file);
    expect(sheet.sheet).toBe('Registrations  P2  all');
    const rows = sheet.data;
    expect(rows[0]).toEqual(['Name', 'Organization', 'Seats', 'Note']);
    expect(rows.slice(1, 6).map((r) => r[0])).toEqual(names);
    expect(rows.slice(1, 6).map((r) => r[2])).toEqual([1, 2, 3, 4, 5]);
    expect(rows[1][3]).toBeNull();
  });

  it('test_xlsx_formulaLikeText_isStoredInert', async () => {
    const [sheet] = await readXlsxFile(await toXlsx([table]));
    const row = sheet.data[6];
    expect(row[0]).toBe(`'=HYPERLINK("http://x","click")`);
    expect(row[1]).toBe(`'+86 10 1234`);
    expect(row[2]).toBe(-3); // numbers are numbers, not text to neutralise
    expect(row[3]).toBe(`'@SUM(A1)`);
  });

  it('test_csv_hasBomCrlfAndQuoting', () => {
    const csv = toCsv(table);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Name,Organization,Seats,Note');
    expect(lines[1]).toBe('张伟,北京市社会科学院,1,');
    expect(lines[6]).toBe(`"'=HYPERLINK(""http://x"",""click"")",'+86 10 1234,-3,'@SUM(A1)`);
    expect(csv).toContain('"Quote ""me"", please","line\nbreak",0,\'\tTab');
    expect(Buffer.from(csv, 'utf8').includes(Buffer.from('陳大文', 'utf8'))).toBe(true);
  });

  it('test_neutralizeFormula_onlyTouchesDangerousStarts', () => {
    expect(['=1', '+1', '-1', '@a', '\tx', '\rx', 'a=1', '1-2', ''].map(neutralizeFormula)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@a",
      "'\tx",
      "'\rx",
      'a=1',
      '1-2',
      '',
    ]);
  });

  it('test_names_areSafeForSheetsAndDownloads', () => {
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    expect(sheetName('[]')).toBe('Sheet');
    expect(exportFileName('Registrations P2 报名', new Date('2026-12-01T10:00:00Z'), 'xlsx')).toBe('Registrations-P2-2026-12-01.xlsx');
  });
});
