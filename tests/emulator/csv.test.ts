import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, writeCsv } from '../../src/emulator/server/rest/csv';

describe('parseCsv', () => {
  it('reads plain rows with or without a final line break', () => {
    expect(parseCsv('Name,Phone\nAcme,123\n')).toEqual([
      ['Name', 'Phone'],
      ['Acme', '123'],
    ]);
    expect(parseCsv('Name,Phone\nAcme,123')).toEqual([
      ['Name', 'Phone'],
      ['Acme', '123'],
    ]);
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', () => {
    const text = 'Name,Description\n"Acme, Inc.","He said ""hi""\nthen left"\n';
    expect(parseCsv(text)).toEqual([
      ['Name', 'Description'],
      ['Acme, Inc.', 'He said "hi"\nthen left'],
    ]);
  });

  it('keeps empty fields, quoted and unquoted, and skips blank lines', () => {
    expect(parseCsv('a,b,c\n,"",x\n\n1,,\n')).toEqual([
      ['a', 'b', 'c'],
      ['', '', 'x'],
      ['1', '', ''],
    ]);
    expect(parseCsv('a\n""\n')).toEqual([['a'], ['']]);
  });

  it('accepts CRLF, and enforces a declared line ending', () => {
    expect(parseCsv('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(() => parseCsv('a,b\r\n1,2\r\n', { lineEnding: 'LF' })).toThrow(CsvError);
    expect(() => parseCsv('a,b\n1,2\n', { lineEnding: 'CRLF' })).toThrow(CsvError);
    expect(parseCsv('a,b\r\n"x\ny",2\r\n', { lineEnding: 'CRLF' })).toEqual([
      ['a', 'b'],
      ['x\ny', '2'],
    ]);
  });

  it('supports the other Bulk delimiters', () => {
    expect(parseCsv('a|b\n"1|2"|3\n', { delimiter: '|' })).toEqual([
      ['a', 'b'],
      ['1|2', '3'],
    ]);
    expect(parseCsv('a\tb\n1\t2\n', { delimiter: '\t' })).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('rejects malformed quoting with the line number', () => {
    expect(() => parseCsv('a\n"unterminated\n')).toThrow(/Unterminated/);
    expect(() => parseCsv('a\n"x"y\n')).toThrow(/after a closing quote/);
    expect(() => parseCsv('a\nab"c\n')).toThrow(/quote/);
    try {
      parseCsv('a\nb\n"x"y\n');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CsvError);
      expect((err as CsvError).line).toBe(3);
    }
  });
});

describe('writeCsv', () => {
  it('quotes values, writes null as empty and round-trips through parseCsv', () => {
    const header = ['Id', 'Name', 'Note'];
    const rows = [
      ['001', 'Acme, "The" Best', 'line1\nline2'],
      ['002', null, ''],
    ];
    const text = writeCsv(header, rows);
    expect(text).toBe('"Id","Name","Note"\n"001","Acme, ""The"" Best","line1\nline2"\n"002",,""\n');
    expect(parseCsv(text)).toEqual([header, ['001', 'Acme, "The" Best', 'line1\nline2'], ['002', '', '']]);
  });

  it('honours delimiter and CRLF', () => {
    expect(writeCsv(['a', 'b'], [['1', '2']], { delimiter: ';', lineEnding: 'CRLF' })).toBe('"a";"b"\r\n"1";"2"\r\n');
  });

  it('round-trips random values', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const alphabet = 'ab,"\n\r;| é';
    for (let n = 0; n < 200; n += 1) {
      const cols = 1 + (next() % 4);
      const header = Array.from({ length: cols }, (_, c) => `c${c}`);
      const rows = Array.from({ length: 1 + (next() % 4) }, () =>
        Array.from({ length: cols }, () => Array.from({ length: next() % 6 }, () => alphabet[next() % alphabet.length]).join('')),
      );
      expect(parseCsv(writeCsv(header, rows))).toEqual([header, ...rows]);
    }
  });
});
