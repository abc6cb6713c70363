/**
 * Record and search links (src/shared/deep-links.ts): table tests of what is accepted and why the
 * rest is refused, then a fuzz of 10,000 generated links (valid ones mutated, and random strings,
 * from a seeded generator) checked against an independent reference reading of the same rules.
 */
import { describe, expect, it } from 'vitest';
import { DEEP_LINK_SCHEME } from '../../../src/shared/app-identity';
import {
  isValidSearchText,
  openRouteOf,
  parseRouteLink,
  parseRouteTarget,
  printRouteLink,
  ROUTE_LINK_MAX_LENGTH,
  type AppRoute,
} from '../../../src/shared/deep-links';
import { OpenRouteEvent } from '../../../src/shared/ipc/events.contract';
import { extendRegistry, OBJECT_REGISTRY, objectDef } from '../../../src/shared/objects/registry';

const S = `${DEEP_LINK_SCHEME}:`;
const ACCOUNT_15 = '001000000000001';
const ACCOUNT_18 = '001000000000001AAA';
const CONTACT_18 = '003G000001SUbc4IAD';

const accepted = (raw: unknown) => {
  const result = parseRouteLink(raw);
  if (!result.ok) throw new Error(`refused ${String(raw)}: ${result.reason}`);
  return result.route;
};
const reasonFor = (raw: unknown) => {
  const result = parseRouteLink(raw);
  if (result.ok) throw new Error(`accepted ${String(raw)}`);
  return result.reason;
};

describe('record links', () => {
  it('accept a 15- or 18-character Id and give the 18-character form', () => {
    expect(accepted(`${S}/record/${ACCOUNT_15}`)).toEqual({ kind: 'record', id: ACCOUNT_18 });
    expect(accepted(`${S}/record/${ACCOUNT_18}`)).toEqual({ kind: 'record', id: ACCOUNT_18 });
    expect(accepted(`${S}/record/003G000001SUbc4iad`)).toEqual({ kind: 'record', id: CONTACT_18 });
  });

  it('accept the scheme in any case (Windows passes it as typed), but not the path', () => {
    expect(accepted(`${S.toUpperCase()}/record/${ACCOUNT_18}`)).toEqual({ kind: 'record', id: ACCOUNT_18 });
    expect(reasonFor(`${S}/Record/${ACCOUNT_18}`)).toBe('Unknown link route');
  });

  it.each([
    ['a wrong suffix', `${S}/record/003G000001SUbc4IAA`, 'do not match'],
    ['a changed letter case in the body', `${S}/record/003g000001SUbc4IAD`, 'do not match'],
    ['16 characters', `${S}/record/${ACCOUNT_15}A`, '15 or 18'],
    ['an empty Id', `${S}/record/`, '15 or 18'],
    ['a non-alphanumeric Id', `${S}/record/001000000000-01`, '15 or 18'],
    ['a trailing slash', `${S}/record/${ACCOUNT_18}/`, 'Unknown link route'],
    ['a query', `${S}/record/${ACCOUNT_18}?x=1`, 'no parameters'],
    ['an empty query', `${S}/record/${ACCOUNT_18}?`, 'no parameters'],
    ['an encoded Id', `${S}/record/%30%30%31000000000001`, 'Encoded characters'],
    ['a dot-dot segment', `${S}/record/../oauth/callback`, 'Unknown link route'],
    ['an encoded dot-dot', `${S}/record/%2e%2e/x`, 'Encoded characters'],
    ['an authority', `${S}//record/${ACCOUNT_18}`, 'authority'],
    ['a host', `${S}//evil.example/record/${ACCOUNT_18}`, 'authority'],
    ['a fragment', `${S}/record/${ACCOUNT_18}#x`, 'fragment'],
    ['no leading slash', `${S}record/${ACCOUNT_18}`, 'Unknown link route'],
  ])('refuse %s', (_what, link, reason) => {
    expect(reasonFor(link)).toContain(reason);
  });
});

describe('search links', () => {
  it('accept one q, form-decoded and trimmed', () => {
    expect(accepted(`${S}/search?q=Acme`)).toEqual({ kind: 'search', q: 'Acme' });
    expect(accepted(`${S}/search?q=Acme+Corp`)).toEqual({ kind: 'search', q: 'Acme Corp' });
    expect(accepted(`${S}/search?q=%20%20Acme%20`)).toEqual({ kind: 'search', q: 'Acme' });
    expect(accepted(`${S}/search?q=M%C3%BCller+%26+S%C3%B6hne`)).toEqual({ kind: 'search', q: 'Müller & Söhne' });
    expect(accepted(`${S}/search?q=N%2FA`)).toEqual({ kind: 'search', q: 'N/A' });
    expect(accepted(`${S}/search?q=a..b`)).toEqual({ kind: 'search', q: 'a..b' });
    expect(accepted(`${S}/search?q=100%25`)).toEqual({ kind: 'search', q: '100%' });
  });

  it('bound q to 1-100 characters (code points, after trimming)', () => {
    expect(accepted(`${S}/search?q=${'a'.repeat(100)}`)).toEqual({ kind: 'search', q: 'a'.repeat(100) });
    expect(reasonFor(`${S}/search?q=${'a'.repeat(101)}`)).toContain('longer than 100');
    const emoji = '😀'.repeat(100);
    expect(accepted(`${S}/search?q=${encodeURIComponent(emoji)}`)).toEqual({ kind: 'search', q: emoji });
    expect(accepted(`${S}/search?q=+${'a'.repeat(100)}+`)).toEqual({ kind: 'search', q: 'a'.repeat(100) });
  });

  it.each([
    ['no query', `${S}/search`, 'needs q'],
    ['an empty query', `${S}/search?`, 'needs q'],
    ['q without a value', `${S}/search?q`, 'only q'],
    ['an empty q', `${S}/search?q=`, 'empty'],
    ['only spaces', `${S}/search?q=+%20+`, 'empty'],
    ['q twice', `${S}/search?q=a&q=b`, 'only q'],
    ['another parameter', `${S}/search?q=a&x=1`, 'only q'],
    ['an empty extra parameter', `${S}/search?q=a&`, 'only q'],
    ['q in capitals', `${S}/search?Q=a`, 'only q'],
    ['an encoded key', `${S}/search?%71=a`, 'only q'],
    ['a NUL', `${S}/search?q=a%00b`, 'control'],
    ['a newline', `${S}/search?q=a%0Ab`, 'control'],
    ['a right-to-left override', `${S}/search?q=%E2%80%AEabc`, 'invisible'],
    ['a zero-width space', `${S}/search?q=a%E2%80%8Bb`, 'invisible'],
    ['a line separator', `${S}/search?q=a%E2%80%A8b`, 'invisible'],
    ['an escaped dot', `${S}/search?q=%2e%2e%2fetc`, 'escapes a dot'],
    ['an escaped dot in capitals', `${S}/search?q=a%2Eb`, 'escapes a dot'],
    ['a .. segment', `${S}/search?q=..%2F..%2Fetc`, '.. segment'],
    ['a lone ..', `${S}/search?q=..`, '.. segment'],
    ['a .. segment once trimmed', `${S}/search?q=+..%2Fx`, '.. segment'],
    ['a newline at the edge (trimming would hide it)', `${S}/search?q=abc%0A`, 'control'],
    ['a backslash .. segment', `${S}/search?q=a%5C..%5Cb`, '.. segment'],
    ['double encoding', `${S}/search?q=%252e%252e`, 'encoded twice'],
    ['a double-encoded NUL', `${S}/search?q=a%2500`, 'encoded twice'],
    ['invalid UTF-8', `${S}/search?q=%C3%28`, 'UTF-8'],
    ['an encoded surrogate', `${S}/search?q=%ED%A0%80`, 'UTF-8'],
    ['a bad escape', `${S}/search?q=%zz`, 'Malformed'],
    ['a truncated escape', `${S}/search?q=a%2`, 'Malformed'],
    ['a path under search', `${S}/search/x?q=a`, 'Unknown link route'],
    ['a traversal out of search', `${S}/search/../record/${ACCOUNT_18}`, 'Unknown link route'],
    ['an encoded search path', `${S}/s%65arch?q=a`, 'Encoded characters'],
    ['raw non-ASCII', `${S}/search?q=Müller`, 'unescaped'],
    ['a raw space', `${S}/search?q=a b`, 'unescaped'],
    ['a fragment', `${S}/search?q=a#b`, 'fragment'],
  ])('refuse %s', (_what, link, reason) => {
    expect(reasonFor(link)).toContain(reason);
  });
});

describe('anything else', () => {
  it.each([
    ['nothing', '', 'No link'],
    ['a number', 42, 'No link'],
    ['null', null, 'No link'],
    ['another scheme', `https://evil.example/record/${ACCOUNT_18}`, 'Not an Atom'],
    ['a look-alike scheme', `com.atomforsalesforce.app.evil:/record/${ACCOUNT_18}`, 'Not an Atom'],
    ['the OAuth callback (main parses it on its own)', `${S}/oauth/callback?code=a&state=b`, 'Unknown link route'],
    ['the home route', `${S}/`, 'Unknown link route'],
    ['a backslash', `${S}/record\\${ACCOUNT_18}`, 'unescaped'],
    ['a tab', `${S}/record/\t${ACCOUNT_18}`, 'unescaped'],
    ['a NUL', `${S}/record/${ACCOUNT_18}\u0000`, 'unescaped'],
    ['angle brackets', `${S}/search?q=<script>`, 'unescaped'],
    ['an over-long link', `${S}/search?q=${'a'.repeat(ROUTE_LINK_MAX_LENGTH)}`, 'too long'],
  ])('refuse %s', (_what, link, reason) => {
    expect(reasonFor(link)).toContain(reason);
  });

  it('parseRouteTarget reads the same routes without the scheme (for a host that gets them as a path)', () => {
    expect(parseRouteTarget(`/record/${ACCOUNT_15}`)).toEqual({ ok: true, route: { kind: 'record', id: ACCOUNT_18 } });
    expect(parseRouteTarget('/search?q=a%2e').ok).toBe(false);
  });
});

describe('the object of a record link', () => {
  it('comes from the key prefix through the registry; an unknown prefix gives null', () => {
    expect(openRouteOf({ kind: 'record', id: ACCOUNT_18 })).toEqual({ kind: 'record', id: ACCOUNT_18, object: 'Account' });
    expect(openRouteOf({ kind: 'record', id: CONTACT_18 })).toEqual({ kind: 'record', id: CONTACT_18, object: 'Contact' });
    expect(openRouteOf({ kind: 'record', id: 'a0X000000000001EAA' })).toEqual({ kind: 'record', id: 'a0X000000000001EAA', object: null });
    expect(openRouteOf({ kind: 'search', q: 'x' })).toEqual({ kind: 'search', q: 'x' });
  });

  it('follows an extended registry (an org’s custom objects later)', () => {
    const custom = { ...objectDef('Account'), name: 'Invoice__c', path: 'invoices', keyPrefix: 'a0X' };
    const registry = extendRegistry(OBJECT_REGISTRY, custom as never);
    expect(openRouteOf({ kind: 'record', id: 'a0X000000000001EAA' }, registry)).toMatchObject({ object: 'Invoice__c' });
  });

  it('the open-route event schema takes what the parser gives and refuses what it would refuse', () => {
    expect(OpenRouteEvent.safeParse({ kind: 'record', id: ACCOUNT_18, object: 'Account' }).success).toBe(true);
    expect(OpenRouteEvent.safeParse({ kind: 'record', id: ACCOUNT_18, object: null }).success).toBe(true);
    expect(OpenRouteEvent.safeParse({ kind: 'record', id: ACCOUNT_15, object: null }).success).toBe(false);
    expect(OpenRouteEvent.safeParse({ kind: 'record', id: '001000000000001ZZZ', object: null }).success).toBe(false);
    expect(OpenRouteEvent.safeParse({ kind: 'search', q: 'Acme' }).success).toBe(true);
    for (const q of ['', ' Acme', 'a'.repeat(101), 'a\u0000b', '../x', '%2e%2e']) expect(OpenRouteEvent.safeParse({ kind: 'search', q }).success).toBe(false);
    expect(OpenRouteEvent.safeParse({ kind: 'open', url: 'https://x' }).success).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzz

/** mulberry32: small, seeded, good enough to spread test inputs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The reference suffix, computed another way: each chunk reversed, read as a binary number. */
function referenceSuffix(body: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  return [0, 5, 10]
    .map((start) => {
      const bits = [...body.slice(start, start + 5)]
        .reverse()
        .map((c) => (c >= 'A' && c <= 'Z' ? '1' : '0'))
        .join('');
      return alphabet[parseInt(bits, 2)]!;
    })
    .join('');
}

/** Percent-decoding to bytes, then strict UTF-8: another path than decodeURIComponent. */
function referenceDecode(raw: string): string | null {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '%') {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(ch === '+' ? 0x20 : ch.charCodeAt(0));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

/** The rules of deep-links.ts, written out another way: one pattern per route, then the checks. */
function reference(raw: unknown): AppRoute | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2_048) return null;
  for (const ch of raw) {
    const code = ch.codePointAt(0)!;
    if (code < 0x21 || code > 0x7e || '"#<>[\\]^`{|}'.includes(ch)) return null;
  }
  if (raw.slice(0, S.length).toLowerCase() !== S) return null;
  const rest = raw.slice(S.length);
  const record = /^\/record\/([A-Za-z0-9]{15}|[A-Za-z0-9]{18})$/.exec(rest);
  if (record) {
    const body = record[1]!.slice(0, 15);
    const suffix = referenceSuffix(body);
    if (record[1]!.length === 18 && record[1]!.slice(15).toUpperCase() !== suffix) return null;
    return { kind: 'record', id: body + suffix };
  }
  const search = /^\/search\?q=([^&]*)$/.exec(rest);
  if (!search || /%2e/i.test(search[1]!)) return null;
  const text = referenceDecode(search[1]!);
  if (text === null) return null;
  for (const ch of text) if (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u.test(ch)) return null;
  const q = text.trim();
  if (q.split(/[/\\]/).includes('..') || /%(2e|2f|5c|00)/i.test(q)) return null;
  const length = Array.from(q).length;
  return length >= 1 && length <= 100 ? { kind: 'search', q } : null;
}

const PREFIXES = [...OBJECT_REGISTRY.names.map((name) => objectDef(name).keyPrefix), 'a0X', '005', '000'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const TEXT_PIECES = [
  'Acme',
  'Corp',
  ' ',
  ' ',
  'é',
  'ü',
  '日本',
  '😀',
  '.',
  '..',
  '/',
  '-',
  '&',
  "'",
  '(',
  ')',
  '%',
  '+',
  '?',
  '=',
  '0',
  '42',
  'N/A',
  'a.b',
  '\\',
];
const NOISE = [
  '%',
  '.',
  '..',
  '/',
  '//',
  '#',
  '?',
  '&',
  '=',
  '+',
  ' ',
  '\u0000',
  '\\',
  'é',
  '%2e',
  '%2E',
  '%00',
  '%2f',
  '%5c',
  '%25',
  '%zz',
  '%C3',
  '%E2%80%AE',
  '../',
  'q=',
  '&q=x',
  'record',
  'search',
  ':',
  '@',
  '~',
  '<',
  '"',
  '\n',
];

describe(`fuzz: 10,000 generated links`, () => {
  const random = prng(0x5eed_1234);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (max: number) => Math.floor(random() * max);

  const randomId = () => {
    const body = pick(PREFIXES) + Array.from({ length: 12 }, () => pick([...ALNUM])).join('');
    const form = random();
    if (form < 0.4) return body;
    const suffix = referenceSuffix(body);
    return body + (form < 0.8 ? suffix : suffix.toLowerCase());
  };
  const randomText = () => Array.from({ length: 1 + int(8) }, () => pick(TEXT_PIECES)).join('');
  const encodeText = (text: string) => (random() < 0.5 ? encodeURIComponent(text) : encodeURIComponent(text).replace(/%20/g, '+'));
  const scheme = () => (random() < 0.8 ? S : [...S].map((c) => (random() < 0.5 ? c.toUpperCase() : c)).join(''));
  const validish = () => (random() < 0.5 ? `${scheme()}/record/${randomId()}` : `${scheme()}/search?q=${encodeText(randomText())}`);

  const mutate = (link: string): string => {
    const at = int(link.length + 1);
    switch (int(9)) {
      case 0:
        return link.slice(0, at) + pick(NOISE) + link.slice(at);
      case 1:
        return link.slice(0, at) + link.slice(at + 1 + int(3));
      case 2:
        return link.slice(0, at) + pick([...ALNUM]) + link.slice(at + 1);
      case 3: {
        const ch = link[at] ?? '';
        return link.slice(0, at) + (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase()) + link.slice(at + 1);
      }
      case 4:
        return link + pick(['&x=1', '?x=1', '&q=again', '/', '#top', '/../oauth/callback', '%00']);
      case 5:
        return link.replace(':/', pick([':///', '://evil.example/', ':/./', ':/%2e%2e/', ':']));
      case 6:
        return link.slice(0, at);
      case 7:
        return link + 'a'.repeat(ROUTE_LINK_MAX_LENGTH);
      default:
        return link.replace(/q=/, pick(['q=%2e%2e%2f', 'q=..%2F', 'q=%252e', 'q=%E2%80%8B', 'q=+', `q=${'x'.repeat(101)}`, 'Q=']));
    }
  };
  const randomString = () => {
    const start = random() < 0.6 ? scheme() : '';
    return start + Array.from({ length: int(80) }, () => (random() < 0.7 ? pick([...ALNUM]) : pick(NOISE))).join('');
  };

  const links: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const kind = random();
    let link = kind < 0.3 ? validish() : kind < 0.8 ? mutate(validish()) : randomString();
    if (kind >= 0.3 && kind < 0.8 && random() < 0.3) link = mutate(link);
    links.push(link);
  }

  it('accepts exactly what the reference accepts, with the same route, and never throws', () => {
    let acceptedCount = 0;
    const disagreements: string[] = [];
    for (const link of links) {
      let result: ReturnType<typeof parseRouteLink>;
      try {
        result = parseRouteLink(link);
      } catch (error) {
        throw new Error(`parseRouteLink threw on ${JSON.stringify(link)}`, { cause: error });
      }
      const got = result.ok ? result.route : null;
      if (JSON.stringify(got) !== JSON.stringify(reference(link))) disagreements.push(link);
      if (result.ok) acceptedCount++;
      else expect(result.reason.length).toBeGreaterThan(0);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    // Both outcomes are well represented, so the comparison means something.
    expect(acceptedCount).toBeGreaterThan(2_000);
    expect(links.length - acceptedCount).toBeGreaterThan(4_000);
  });

  it('every accepted link is one of the two routes, prints back to a link that reads the same, and fits the event schema', () => {
    for (const link of links) {
      const result = parseRouteLink(link);
      if (!result.ok) continue;
      const { route } = result;
      if (route.kind === 'record') {
        expect(route.id).toMatch(/^[A-Za-z0-9]{15}[A-Z0-5]{3}$/);
        expect(route.id.slice(15)).toBe(referenceSuffix(route.id));
        expect(link.slice(S.length)).toMatch(/^\/record\/[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/);
      } else {
        expect(isValidSearchText(route.q)).toBe(true);
        expect(link.slice(S.length)).toMatch(/^\/search\?q=[^&#]+$/);
      }
      expect(parseRouteLink(printRouteLink(route))).toEqual({ ok: true, route });
      expect(OpenRouteEvent.safeParse(openRouteOf(route)).success).toBe(true);
    }
  });
});
