/**
 * Salesforce record Ids: a 15-character case-sensitive body (3-char key prefix, 2-char instance,
 * 1 reserved char, 9-char base-62 counter) plus a 3-character suffix that makes the 18-character
 * form unique when compared case-insensitively.
 */

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
/** Base-62 digits in ASCII order, so a longer counter of equal width sorts after a shorter one. */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const COUNTER_WIDTH = 9;
/** Instance ("pod") characters and the reserved character used for every Id this org issues. */
export const ID_INSTANCE = '8d';
const ID_RESERVED = '0';

const ID15 = /^[a-zA-Z0-9]{15}$/;
const ID18 = /^[a-zA-Z0-9]{18}$/;

/** The 3-character case-safe suffix: bit i of each 5-char chunk is set when char i is A–Z. */
export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const code = id15.charCodeAt(chunk * 5 + i);
      if (code >= 65 && code <= 90) flags |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET[flags];
  }
  return suffix;
}

/** 15-character Id to its 18-character form. Throws on anything that is not 15 alphanumerics. */
export function to18(id15: string): string {
  if (!ID15.test(id15)) throw new Error(`Not a 15-character Salesforce Id: ${id15}`);
  return id15 + checksumSuffix(id15);
}

/** True for 15 alphanumerics, or 18 whose suffix matches the body (suffix compared case-insensitively). */
export function isValidIdFormat(id: unknown): id is string {
  if (typeof id !== 'string') return false;
  if (ID15.test(id)) return true;
  if (!ID18.test(id)) return false;
  return checksumSuffix(id.slice(0, 15)) === id.slice(15).toUpperCase();
}

/** The canonical 18-character form, or undefined when the value is not a well-formed Id. */
export function normalizeId(id: unknown): string | undefined {
  if (!isValidIdFormat(id)) return undefined;
  return id.length === 15 ? to18(id) : id.slice(0, 15) + id.slice(15).toUpperCase();
}

/** The key prefix (first 3 characters) of an Id. */
export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

/** Builds the 18-character Id for a key prefix and a counter value (1, 2, ...). */
export function makeId(keyPrefix: string, counter: number): string {
  if (!/^[a-zA-Z0-9]{3}$/.test(keyPrefix)) throw new Error(`Bad key prefix: ${keyPrefix}`);
  if (!Number.isSafeInteger(counter) || counter < 0) throw new Error(`Bad Id counter: ${counter}`);
  let digits = '';
  let rest = counter;
  do {
    digits = BASE62[rest % 62] + digits;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  if (digits.length > COUNTER_WIDTH) throw new Error('Id counter overflow');
  return to18(keyPrefix + ID_INSTANCE + ID_RESERVED + digits.padStart(COUNTER_WIDTH, '0'));
}

/** The counter encoded in an Id this org issued (inverse of makeId), or 0 when it has none. */
export function idCounter(id: string): number {
  const body = id.slice(3 + ID_INSTANCE.length + ID_RESERVED.length, 15);
  if (body.length !== COUNTER_WIDTH) return 0;
  let value = 0;
  for (const ch of body) {
    const digit = BASE62.indexOf(ch);
    if (digit < 0) return 0;
    value = value * 62 + digit;
  }
  return value;
}

/** Issues consecutive Ids for one key prefix, starting after `lastCounter`. */
export function createIdGenerator(keyPrefix: string, lastCounter = 0): () => string {
  let counter = lastCounter;
  return () => makeId(keyPrefix, ++counter);
}
