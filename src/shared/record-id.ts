/**
 * Salesforce record Ids, checked strictly. An Id is 15 case-sensitive alphanumerics, or those 15
 * plus a 3-character suffix (what CASESAFEID() and the API return) that makes the 18-character form
 * safe to compare case-insensitively. The suffix encodes, for each 5-character chunk of the body,
 * which characters are upper-case letters A-Z: bit i of the chunk's number is set when its
 * character i is one, and the number indexes `ABCDEFGHIJKLMNOPQRSTUVWXYZ012345`. Salesforce does
 * not publish the algorithm; this is the conversion published and cross-checked by the community
 * (Salesforce StackExchange "What are Salesforce IDs composed of?", and the converters built on
 * it), with its worked examples in the tests: 70130000001tcyI -> 70130000001tcyIAAQ,
 * 003G000001SUbc4 -> 003G000001SUbc4IAD, 00558000001N0Ke -> 00558000001N0KeAAK. The emulator checks
 * Ids the same way (src/emulator/org/ids.ts): the body as given, the suffix in either case.
 * Pure: the renderer, the core and the main process can all use it.
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID15 = /^[A-Za-z0-9]{15}$/;
const ID18 = /^[A-Za-z0-9]{18}$/;

/** The 3-character case-safe suffix of a 15-character body (which the caller has checked). */
export function idSuffix(body15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const code = body15.charCodeAt(chunk * 5 + i);
      if (code >= 65 && code <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

export type RecordIdCheck = { ok: true; id: string } | { ok: false; reason: string };

/**
 * The 18-character form of a record Id, or why it is not one: 15 alphanumerics get their suffix;
 * 18 must carry the suffix their body implies (its letters in either case) and come back with it
 * upper-cased. Anything else — other lengths, other characters — is refused.
 */
export function checkRecordId(raw: string): RecordIdCheck {
  if (ID15.test(raw)) return { ok: true, id: raw + idSuffix(raw) };
  if (!ID18.test(raw)) return { ok: false, reason: 'A record Id is 15 or 18 letters and digits' };
  const body = raw.slice(0, 15);
  const expected = idSuffix(body);
  if (raw.slice(15).toUpperCase() !== expected) return { ok: false, reason: 'The record Id’s last three characters do not match the rest of it' };
  return { ok: true, id: body + expected };
}
