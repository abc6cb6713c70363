import { describe, expect, it } from 'vitest';
import { checkRecordId, idSuffix } from '../../../src/shared/record-id';
import { makeId } from '../../../src/emulator/org/ids';

describe('record Ids (15 → 18)', () => {
  it('computes the published worked examples', () => {
    expect(idSuffix('70130000001tcyI')).toBe('AAQ');
    expect(idSuffix('003G000001SUbc4')).toBe('IAD');
    expect(idSuffix('00558000001N0Ke')).toBe('AAK');
    // Every chunk all upper case: 31, the last character of the alphabet.
    expect(idSuffix('ABCDEFGHIJKLMNO')).toBe('555');
  });

  it('gives the 18-character form of a 15-character Id', () => {
    expect(checkRecordId('003G000001SUbc4')).toEqual({ ok: true, id: '003G000001SUbc4IAD' });
  });

  it('accepts an 18-character Id whose suffix matches, in either case, and upper-cases the suffix', () => {
    expect(checkRecordId('003G000001SUbc4IAD')).toEqual({ ok: true, id: '003G000001SUbc4IAD' });
    expect(checkRecordId('003G000001SUbc4iad')).toEqual({ ok: true, id: '003G000001SUbc4IAD' });
  });

  it('refuses an 18-character Id whose suffix does not match its body (a changed letter case, a typo)', () => {
    expect(checkRecordId('003G000001SUbc4IAA').ok).toBe(false);
    // The body's case is what the suffix protects: lower-casing one letter breaks it.
    expect(checkRecordId('003g000001SUbc4IAD').ok).toBe(false);
  });

  it('refuses other lengths and characters', () => {
    for (const bad of [
      '',
      '003G000001SUbc',
      '003G000001SUbc4I',
      '003G000001SUbc4IA',
      '003G000001SUbc4IADX',
      '003G000001SU-c4',
      '003G000001SUbc4IA_',
      '003G00000１SUbc4',
    ])
      expect(checkRecordId(bad).ok).toBe(false);
  });

  it('agrees with the emulator, which issues the Ids the tests sync', () => {
    for (const [prefix, counter] of [
      ['001', 1],
      ['006', 61],
      ['00Q', 3_844],
      ['500', 999_999],
      ['a0X', 2 ** 40],
    ] as const) {
      const id = makeId(prefix, counter);
      expect(checkRecordId(id)).toEqual({ ok: true, id });
      expect(checkRecordId(id.slice(0, 15))).toEqual({ ok: true, id });
    }
  });
});
