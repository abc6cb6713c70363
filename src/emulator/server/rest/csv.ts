/**
 * RFC 4180 CSV reading and writing for Bulk API 2.0, with the column delimiters and line endings
 * a Bulk job may declare. Kept dependency-free: jsforce's own csv-parse is a transitive package
 * the project does not pin.
 */

export type ColumnDelimiterName = 'BACKQUOTE' | 'CARET' | 'COMMA' | 'PIPE' | 'SEMICOLON' | 'TAB';
export type LineEndingName = 'LF' | 'CRLF';

export const COLUMN_DELIMITERS: Record<ColumnDelimiterName, string> = {
  BACKQUOTE: '`',
  CARET: '^',
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  TAB: '\t',
};

export const LINE_ENDINGS: Record<LineEndingName, string> = { LF: '\n', CRLF: '\r\n' };

/** Why a CSV document could not be read; `line` is 1-based. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface ParseCsvOptions {
  /** One character; ',' unless told. */
  delimiter?: string;
  /**
   * When set, every record separator outside quotes must be exactly this sequence; any other
   * line break is an error (Salesforce fails a job whose data does not match its lineEnding).
   * When unset, LF and CRLF are both accepted.
   */
  lineEnding?: LineEndingName;
}

/**
 * Parses a CSV document into rows of raw strings. Quoted fields may hold delimiters, doubled
 * quotes and line breaks. A final line break is optional; blank lines are skipped.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): string[][] {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new CsvError(`Unusable column delimiter ${JSON.stringify(delimiter)}`, 1);
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  // True once the current field started with a quote: it then ends only at a closing quote.
  let quoted = false;
  // True right after a closing quote: only a delimiter or a line break may follow.
  let afterQuote = false;
  // Whether anything (even an empty field followed by a delimiter) was read for this row.
  let rowStarted = false;
  const length = text.length;
  let i = 0;

  const endField = () => {
    row.push(field);
    field = '';
    quoted = false;
    afterQuote = false;
  };
  const endRow = () => {
    endField();
    // A row that is one empty, unquoted field is a blank line.
    if (!(row.length === 1 && row[0] === '' && !rowStarted)) rows.push(row);
    row = [];
    rowStarted = false;
  };

  while (i < length) {
    const ch = text[i];
    if (quoted && !afterQuote) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        afterQuote = true;
        i += 1;
        continue;
      }
      if (ch === '\n') line += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === delimiter) {
      endField();
      rowStarted = true;
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      const isCrlf = ch === '\r' && text[i + 1] === '\n';
      if (ch === '\r' && !isCrlf) {
        throw new CsvError('A carriage return must be followed by a line feed', line);
      }
      if (options.lineEnding === 'LF' && isCrlf) {
        throw new CsvError('Found CRLF line ending where LF was expected', line);
      }
      if (options.lineEnding === 'CRLF' && !isCrlf) {
        throw new CsvError('Found LF line ending where CRLF was expected', line);
      }
      if (quoted) rowStarted = true;
      endRow();
      line += 1;
      i += isCrlf ? 2 : 1;
      continue;
    }
    if (afterQuote) {
      throw new CsvError(`Unexpected character ${JSON.stringify(ch)} after a closing quote`, line);
    }
    if (ch === '"') {
      if (field.length > 0) {
        throw new CsvError('A quote may only appear inside a quoted field', line);
      }
      quoted = true;
      rowStarted = true;
      i += 1;
      continue;
    }
    field += ch;
    i += 1;
  }
  if (quoted && !afterQuote) throw new CsvError('Unterminated quoted field', line);
  if (field.length > 0 || quoted || row.length > 0) {
    if (quoted) rowStarted = true;
    endRow();
  }
  return rows;
}

export interface WriteCsvOptions {
  delimiter?: string;
  lineEnding?: LineEndingName;
}

/**
 * Writes a header and rows, quoting every non-null value (Bulk API 2.0 results quote their
 * values) and writing null as an empty, unquoted field. Every line, the last included, ends
 * with the line ending.
 */
export function writeCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | null>>, options: WriteCsvOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const eol = LINE_ENDINGS[options.lineEnding ?? 'LF'];
  const parts: string[] = [];
  parts.push(header.map(quoteCsvValue).join(delimiter), eol);
  for (const row of rows) {
    let line = '';
    for (let c = 0; c < row.length; c += 1) {
      if (c > 0) line += delimiter;
      const value = row[c];
      if (value !== null) line += quoteCsvValue(value);
    }
    parts.push(line, eol);
  }
  return parts.join('');
}

export function quoteCsvValue(value: string): string {
  return `"${value.includes('"') ? value.replace(/"/g, '""') : value}"`;
}
