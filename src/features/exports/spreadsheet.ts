/**
 * Tables for organizers' exports: XLSX (the dependable format: LibreOffice and Excel read it
 * exactly) and CSV beside it (UTF-8 with a BOM, which Excel needs to read Chinese names).
 * Text a spreadsheet would run as a formula (= + - @, tab, CR) is prefixed with ' in both.
 */
import writeXlsxFile from 'write-excel-file/node';

export type CellValue = string | number | boolean | Date | null;

export interface Table {
  /** sheet name; Excel allows 31 characters and none of []:*?/\ */
  name: string;
  headers: string[];
  rows: CellValue[][];
}

const formulaStart = /^[=+\-@\t\r]/;

/** Text that would start a formula, made inert (OWASP "CSV injection"). */
export function neutralizeFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

function safeCell(value: CellValue): CellValue {
  return typeof value === 'string' ? neutralizeFormula(value) : value;
}

/** A sheet name Excel accepts. */
export function sheetName(name: string): string {
  const clean = name.replace(/[[\]:*?/\\]/g, ' ').trim();
  return (clean || 'Sheet').slice(0, 31);
}

/** One or more tables as one XLSX workbook (a sheet each). */
export async function toXlsx(tables: Table[]): Promise<Buffer> {
  const sheets = tables.map((table) => ({
    sheet: sheetName(table.name),
    data: [
      table.headers.map((h) => ({ value: neutralizeFormula(h), fontWeight: 'bold' as const })),
      ...table.rows.map((row) => row.map(safeCell)),
    ],
    stickyRowsCount: 1,
    dateFormat: 'yyyy-mm-dd hh:mm',
  }));
  return writeXlsxFile(sheets).toBuffer();
}

function csvField(value: CellValue): string {
  if (value === null) return '';
  const text = value instanceof Date ? value.toISOString() : String(safeCell(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One table as CSV (RFC 4180: CRLF, quotes doubled), UTF-8 with a byte order mark. */
export function toCsv(table: Table): string {
  const lines = [table.headers, ...table.rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A file name for a download: ASCII only (Content-Disposition), dated. */
export function exportFileName(base: string, at: Date, extension: 'xlsx' | 'csv'): string {
  const stem = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
  return `${stem}-${at.toISOString().slice(0, 10)}.${extension}`;
}
