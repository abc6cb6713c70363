/**
 * SOQL literal values: string escapes, Salesforce Ids (15 -> 18 characters) and datetimes in
 * the store's canonical UTC text form.
 */

const STRING_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/**
 * The value of a quoted SOQL string. With `forLike`, `\%` and `\_` stay escaped (and a literal
 * backslash is doubled) so the result is a LIKE pattern whose escape character is `\`.
 * Returns undefined for an escape Salesforce does not accept.
 */
export function unquoteString(raw: string, forLike = false): string | undefined {
  const body = raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2 ? raw.slice(1, -1) : raw;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next === undefined) return undefined;
    if (next === '%' || next === '_') {
      if (!forLike) return undefined;
      out += '\\' + next;
    } else if (next === 'u') {
      const hex = body.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
      out += escapeForLike(String.fromCharCode(parseInt(hex, 16)), forLike);
      i += 4;
    } else if (next in STRING_ESCAPES) {
      out += escapeForLike(STRING_ESCAPES[next], forLike);
    } else {
      return undefined;
    }
  }
  return out;
}

function escapeForLike(value: string, forLike: boolean): string {
  return forLike && value === '\\' ? '\\\\' : value;
}

const ID_SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 18-character form of a 15- or 18-character Salesforce Id, or undefined if it is not one. */
export function canonicalId(value: string): string | undefined {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(value)) return undefined;
  if (value.length === 18) return value;
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let j = 0; j < 5; j++) {
      const ch = value[block * 5 + j];
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << j;
    }
    suffix += ID_SUFFIX_CHARS[bits];
  }
  return value + suffix;
}

/**
 * A SOQL datetime literal (YYYY-MM-DDThh:mm:ss[.sss](Z|±hh:mm|±hhmm)) as the store's text form
 * 'YYYY-MM-DDTHH:MM:SS.sss+0000', or undefined when it is not a valid datetime.
 */
export function canonicalDateTime(raw: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/i.exec(raw);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const ms = frac ? Number(frac.slice(1).padEnd(3, '0')) : 0;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return formatDateTime(new Date(time - offsetMinutes * 60_000));
}

export function formatDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** A SOQL date literal (YYYY-MM-DD), or undefined when it is not a real day. */
export function canonicalDate(raw: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === raw ? raw : undefined;
}
