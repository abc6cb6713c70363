/**
 * Export files written as rows arrive, never held whole: CSV (./csv.ts), JSON (an array of row
 * objects, one a line) and XLSX (exceljs's streaming WorkbookWriter: each row committed as it is
 * added, strings inline rather than in a shared table so memory stays flat). Each writer waits
 * for the file stream to drain before taking more, and reports the bytes written so far.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { QueryColumn, QueryRow } from '../../../../shared/ipc/query.contract';
import { cellText, csvLine, UTF8_BOM } from './csv';

export type ExportFormat = 'csv' | 'json' | 'xlsx';

export interface RowWriter {
  /** Writes the header (once, before any row). */
  start(columns: readonly QueryColumn[]): Promise<void>;
  write(row: QueryRow): Promise<void>;
  /** Finishes the file; `bytes` is then its size. */
  close(): Promise<void>;
  /** Stops without finishing (the caller removes the file). */
  abort(): void;
  readonly bytes: number;
}

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', json: 'json', xlsx: 'xlsx' };
export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A text file written in chunks, waiting for the stream to drain when it asks to. */
class TextSink {
  private readonly stream: WriteStream;
  private buffered: string[] = [];
  private size = 0;
  written = 0;

  constructor(file: string) {
    this.stream = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  }

  async push(text: string): Promise<void> {
    this.buffered.push(text);
    this.size += text.length;
    if (this.size >= 64 * 1024) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.buffered.length) return;
    const chunk = Buffer.from(this.buffered.join(''), 'utf8');
    this.buffered = [];
    this.size = 0;
    this.written += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }

  destroy(): void {
    this.stream.destroy();
  }
}

function csvWriter(file: string): RowWriter {
  const sink = new TextSink(file);
  let paths: string[] = [];
  return {
    async start(columns) {
      paths = columns.map((c) => c.path);
      await sink.push(UTF8_BOM + csvLine(paths));
    },
    write: (row) => sink.push(csvLine(paths.map((p) => row[p]))),
    close: () => sink.end(),
    abort: () => sink.destroy(),
    get bytes() {
      return sink.written;
    },
  };
}

function jsonWriter(file: string): RowWriter {
  const sink = new TextSink(file);
  let paths: string[] = [];
  let first = true;
  return {
    async start(columns) {
      paths = columns.map((c) => c.path);
      await sink.push('[');
    },
    async write(row) {
      const ordered = Object.fromEntries(paths.map((p) => [p, row[p] ?? null]));
      await sink.push(`${first ? '\n' : ',\n'}${JSON.stringify(ordered)}`);
      first = false;
    },
    async close() {
      await sink.push(first ? ']\n' : '\n]\n');
      await sink.end();
    },
    abort: () => sink.destroy(),
    get bytes() {
      return sink.written;
    },
  };
}

/** Characters XML 1.0 cannot hold at all (a sheet with one would not open): dropped. */
const XML_ILLEGAL = new RegExp(
  [
    '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]',
    // Surrogates without their pair.
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
    '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  ].join('|'),
  'g',
);

/**
 * A cell value Excel shows as it is: numbers and booleans as such, text otherwise (never a
 * formula: exceljs writes a string as a string). A sheet is XML, which reads CR and CRLF as LF (and
 * a cell's line break in Excel is LF): line breaks are written as LF so the file says what it shows.
 */
export function xlsxCell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return cellText(value).replace(/\r\n?/g, '\n').replace(XML_ILLEGAL, '');
}

function xlsxWriter(file: string): RowWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('Results');
  let paths: string[] = [];
  let bytes = 0;
  let count = 0;
  return {
    async start(columns) {
      paths = columns.map((c) => c.path);
      sheet.addRow(paths).commit();
    },
    async write(row) {
      sheet.addRow(paths.map((p) => xlsxCell(row[p]))).commit();
      // The zip is written as it goes; its size is read now and then rather than per row.
      if (++count % 5_000 === 0) bytes = (await stat(file).catch(() => ({ size: bytes }))).size;
    },
    async close() {
      sheet.commit();
      await workbook.commit();
      bytes = (await stat(file)).size;
    },
    abort() {
      // The WorkbookWriter has no abort: its file stream is ended by the caller removing the file.
      const stream = (workbook as unknown as { stream?: WriteStream }).stream;
      stream?.destroy();
    },
    get bytes() {
      return bytes;
    },
  };
}

export function createRowWriter(format: ExportFormat, file: string): RowWriter {
  if (format === 'csv') return csvWriter(file);
  if (format === 'json') return jsonWriter(file);
  return xlsxWriter(file);
}
