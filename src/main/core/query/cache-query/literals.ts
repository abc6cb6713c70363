/**
 * SOQL literal values as the cache compares them: quoted strings with their escapes, record Ids
 * (15 characters gain their suffix), dates, and datetimes in the cache's one text form
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`, cache/objects.ts canonicalDatetime). The rules follow the
 * emulator's (src/emulator/soql/literals.ts), the ground truth for what Salesforce accepts.
 */
import { idSuffix } from '../../../../shared/record-id';

const STRING_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };

/**
 * The value of a quoted SOQL string; with `forLike`, `\%` and `\_` stay escaped (and a backslash
 * is doubled) so the result is a LIKE pattern whose escape character is `\`. Undefined for an
 * escape Salesforce does not accept.
 */
export function unquoteString(raw: string, forLike = false): string | undefined {
  const body = raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[++i];
    let value: string;
    if (next === '%' || next === '_') {
      if (!forLike) return undefined;
      out += `\\${next}`;
      continue;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      value = String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (next !== undefined && next in STRING_ESCAPES) {
      value = STRING_ESCAPES[next];
    } else {
      return undefined;
    }
    out += forLike && value === '\\' ? '\\\\' : value;
  }
  return out;
}

/** The 18-character form of an Id literal (an 18-character one as written), or undefined. */
export function canonicalId(value: string): string | undefined {
  if (/^[a-zA-Z0-9]{18}$/.test(value)) return value;
  return /^[a-zA-Z0-9]{15}$/.test(value) ? value + idSuffix(value) : undefined;
}

/** A SOQL date literal (YYYY-MM-DD) when it is a real day. */
export function dateLiteral(raw: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return undefined;
  const day = new Date(`${raw}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === raw ? raw : undefined;
}

/** A SOQL datetime literal (YYYY-MM-DDThh:mm:ss[.sss](Z|±hh:mm|±hhmm)) in the cache's text form. */
export function datetimeLiteral(raw: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/i.exec(raw);
  if (!match || !dateLiteral(match[1])) return undefined;
  const [, day, h, mi, s, frac, zone] = match;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const ms = frac ? Number(frac.slice(1).padEnd(3, '0')) : 0;
  const time = Date.parse(`${day}T${h}:${mi}:${s}Z`) + ms - offsetMinutes * 60_000;
  return new Date(time).toISOString();
}

/** A cached datetime (`…Z`) as Salesforce's JSON writes it (`…+0000`). */
export function wireDatetime(value: unknown): unknown {
  return typeof value === 'string' && value.endsWith('Z') ? `${value.slice(0, -1)}+0000` : value;
}
