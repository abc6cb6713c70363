import { describe, expect, it } from 'vitest';
import { checksumSuffix, createIdGenerator, idCounter, isValidIdFormat, keyPrefixOf, makeId, normalizeId, to18 } from '../../src/emulator/org/ids';

describe('Salesforce Ids', () => {
  it('computes the case-safe suffix of known Ids', () => {
    // The record type Id every org has, and the Organization Id Salesforce's docs use.
    expect(to18('012000000000000')).toBe('012000000000000AAA');
    expect(to18('00D000000000062')).toBe('00D000000000062EAA');
    expect(to18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    // Every upper-case letter in a chunk sets its bit: 'ABCDE' -> 31 -> '5'.
    expect(checksumSuffix('ABCDEabcde00000')).toBe('5AA');
    expect(checksumSuffix('0000000000ZZZZ0')).toBe('AAP'); // bits 0-3 -> 15
  });

  it('rejects anything but 15 alphanumerics in to18', () => {
    expect(() => to18('001A0000006Vm9')).toThrow();
    expect(() => to18('001A0000006Vm9-')).toThrow();
  });

  it('validates 15- and 18-character forms', () => {
    expect(isValidIdFormat('001A0000006Vm9r')).toBe(true);
    expect(isValidIdFormat('001A0000006Vm9rIAC')).toBe(true);
    // The suffix is compared case-insensitively...
    expect(isValidIdFormat('001A0000006Vm9riac')).toBe(true);
    // ...but must match the body.
    expect(isValidIdFormat('001A0000006Vm9rAAA')).toBe(false);
    expect(isValidIdFormat('001a0000006Vm9rIAC')).toBe(false);
    expect(isValidIdFormat('001A0000006Vm9rIA')).toBe(false);
    expect(isValidIdFormat('001A0000006Vm9!')).toBe(false);
    expect(isValidIdFormat(42)).toBe(false);
    expect(isValidIdFormat(undefined)).toBe(false);
  });

  it('normalises to the 18-character form', () => {
    expect(normalizeId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(normalizeId('001A0000006Vm9riac')).toBe('001A0000006Vm9rIAC');
    expect(normalizeId('nonsense')).toBeUndefined();
    expect(normalizeId('001A0000006Vm9rAAA')).toBeUndefined();
  });

  it('makes ordered, valid Ids with the key prefix and reads their counter back', () => {
    const a = makeId('001', 1);
    const b = makeId('001', 61);
    const c = makeId('001', 62);
    expect(a).toHaveLength(18);
    expect(isValidIdFormat(a)).toBe(true);
    expect(keyPrefixOf(a)).toBe('001');
    expect(a < b && b < c).toBe(true);
    expect(idCounter(c)).toBe(62);
    expect(idCounter(makeId('a01', 123_456_789))).toBe(123_456_789);
    expect(() => makeId('01', 1)).toThrow();
    expect(() => makeId('001', -1)).toThrow();
  });

  it('generates consecutive Ids per prefix', () => {
    const next = createIdGenerator('003', 10);
    const first = next();
    const second = next();
    expect(idCounter(first)).toBe(11);
    expect(idCounter(second)).toBe(12);
    expect(first.startsWith('003')).toBe(true);
  });
});
