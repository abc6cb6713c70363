/**
 * The console's export files: CSV as RFC 4180 writes it (CRLF, quotes doubled, a field quoted when
 * it holds a comma, quote or line break, a UTF-8 BOM for Excel) read back by a CSV parser to the
 * very same values — quotes, newlines, commas, accents, emoji; JSON as an array of rows; XLSX read
 * back by exceljs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../../src/main/core/query/export/csv';
import { createRowWriter, xlsxCell, type ExportFormat } from '../../../src/main/core/query/export/writers';
import type { QueryColumn, QueryRow } from '../../../src/shared/ipc/query.contract';

const COLUMNS: QueryColumn[] = [
  { path: 'Id', kind: 'field' },
  { path: 'Name', kind: 'field' },
  { path: 'Account.Name', kind: 'field' },
  { path: 'Amount', kind: 'field' },
  { path: 'IsWon', kind: 'field' },
  { path: 'Contacts', kind: 'subquery' },
];

const NASTY: string[] = [
  'plain',
  'a, comma',
  'say "hello"',
  '"quoted at both ends"',
  'two\nlines',
  'windows\r\nline',
  'trailing space ',
  ' leading space',
  'Crème brûlée à Besançon',
  'Zürich — Ørsted — Łódź',
  '東京都渋谷区',
  'emoji 🎉👩‍👩‍👧 done',
  '=SUM(A1:A2)',
  '',
  ',',
  '"',
  '\r',
];

const ROWS: QueryRow[] = NASTY.map((name, i) => ({
  Id: `001000000000${String(i).padStart(3, '0')}AAA`,
  Name: name,
  'Account.Name': i % 3 === 0 ? null : `Parent ${name}`,
  Amount: i % 2 === 0 ? 1234.5 * i : null,
  IsWon: i % 2 === 0,
  Contacts: i === 1 ? [{ LastName: 'O"Brien, Jr.' }] : null,
}));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atom-export-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function write(format: ExportFormat, rows: QueryRow[] = ROWS, name = 'out'): Promise<string> {
  const file = join(dir, `${name}.${format}`);
  const writer = createRowWriter(format, file);
  await writer.start(COLUMNS);
  for (const row of rows) await writer.write(row);
  await writer.close();
  return file;
}

describe('CSV fields', () => {
  it('quotes only what needs quoting, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField(null)).toBe('');
    expect(csvField(false)).toBe('false');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField([{ a: 1 }])).toBe('"[{""a"":1}]"');
    expect(csvLine(['a', 'b,c'])).toBe('a,"b,c"\r\n');
  });
});

describe('a CSV export', () => {
  it('starts with a UTF-8 BOM and ends its records with CRLF', async () => {
    const bytes = readFileSync(await write('csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFFId,Name,Account.Name,Amount,IsWon,Contacts\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // Outside quoted fields no bare LF: every record ends with CRLF.
    const unquoted = text.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted.match(/(?<!\r)\n/g)).toBeNull();
  });

  it('round-trips through a CSV parser: quotes, newlines, commas, accents, emoji', async () => {
    const text = readFileSync(await write('csv'), 'utf8');
    const parsed = parse(text, { bom: true, columns: true, relax_column_count: false }) as Array<Record<string, string>>;
    expect(parsed).toHaveLength(ROWS.length);
    expect(parsed.map((r) => r.Name)).toEqual(NASTY);
    expect(parsed.map((r) => r['Account.Name'])).toEqual(ROWS.map((r) => (r['Account.Name'] === null ? '' : r['Account.Name'])));
    expect(parsed.map((r) => r.Amount)).toEqual(ROWS.map((r) => (r.Amount === null ? '' : String(r.Amount))));
    expect(parsed.map((r) => r.IsWon)).toEqual(ROWS.map((r) => String(r.IsWon)));
    expect(JSON.parse(parsed[1].Contacts)).toEqual([{ LastName: 'O"Brien, Jr.' }]);
  });

  it('writes a header alone when there are no rows', async () => {
    const text = readFileSync(await write('csv', []), 'utf8');
    expect(text).toBe('\uFEFFId,Name,Account.Name,Amount,IsWon,Contacts\r\n');
  });
});

describe('a JSON export', () => {
  it('is an array of the rows, columns in order, values typed', async () => {
    const parsed = JSON.parse(readFileSync(await write('json'), 'utf8')) as QueryRow[];
    expect(parsed).toEqual(ROWS);
    expect(Object.keys(parsed[0])).toEqual(COLUMNS.map((c) => c.path));
    expect(JSON.parse(readFileSync(await write('json', [], 'empty'), 'utf8'))).toEqual([]);
  });
});

describe('an XLSX export', () => {
  it('drops what XML cannot hold and writes line breaks as LF', () => {
    expect(xlsxCell('a\u0000b\u0007c\u001Fd')).toBe('abcd');
    expect(xlsxCell('one\r\ntwo\rthree\nfour\ttab')).toBe('one\ntwo\nthree\nfour\ttab');
    expect(xlsxCell('lone \uD83D surrogate, emoji 🎉 kept')).toBe('lone  surrogate, emoji 🎉 kept');
    expect(xlsxCell(3)).toBe(3);
    expect(xlsxCell(null)).toBeNull();
  });

  it('reads back in exceljs: header, text as text (never a formula), numbers and booleans as such', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await write('xlsx'));
    const sheet = workbook.getWorksheet('Results')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...COLUMNS.map((c) => c.path)]);
    expect(sheet.rowCount).toBe(ROWS.length + 1);
    const names = ROWS.map((_, i) => sheet.getRow(i + 2).getCell(2).value);
    // Excel keeps an empty text cell as no value; a sheet's line breaks are LF (XML reads CR as LF).
    expect(names).toEqual(NASTY.map((n) => (n === '' ? null : n.replace(/\r\n?/g, '\n'))));
    expect(sheet.getRow(2).getCell(4).value).toBe(0);
    expect(sheet.getRow(4).getCell(4).value).toBe(2469);
    expect(sheet.getRow(2).getCell(5).value).toBe(true);
    expect(sheet.getRow(3).getCell(6).value).toBe('[{"LastName":"O\\"Brien, Jr."}]');
  });
});
