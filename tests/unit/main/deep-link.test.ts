import { describe, expect, it, vi } from 'vitest';
import { DEEP_LINK_REDIRECT_URI, DEEP_LINK_SCHEME } from '../../../src/shared/app-identity';
import { createDeepLinkQueue } from '../../../src/main/deep-links/deep-link-queue';
import { extractDeepLink, MAX_DEEP_LINK_LENGTH, parseDeepLink, singleInstanceData } from '../../../src/main/deep-links/deep-link';
import { protocolClientRegistration } from '../../../src/main/deep-links/protocol-client';

const LINK = `${DEEP_LINK_REDIRECT_URI}?code=aPrx.abc%3D%3D&state=Zm9vYmFyYmF6cXV4`;
const ERROR_LINK = `${DEEP_LINK_REDIRECT_URI}?error=access_denied&error_description=end-user+denied+authorization&state=s1`;
const EXE = 'C:\\Program Files\\Atom for Salesforce\\Atom for Salesforce.exe';

describe('parseDeepLink', () => {
  it('accepts the OAuth callback with code+state or error+state', () => {
    expect(parseDeepLink(LINK)).toEqual({ ok: true, url: LINK });
    expect(parseDeepLink(ERROR_LINK).ok).toBe(true);
  });

  it('is case-insensitive on the scheme and returns the canonical form', () => {
    const upper = LINK.replace(DEEP_LINK_SCHEME, DEEP_LINK_SCHEME.toUpperCase());
    expect(parseDeepLink(upper)).toEqual({ ok: true, url: LINK });
  });

  it.each([
    ['wrong scheme', 'myapp:/oauth/callback?code=1&state=2'],
    ['scheme prefix spoof', `${DEEP_LINK_SCHEME}x:/oauth/callback?code=1&state=2`],
    ['https lookalike', 'https://com.atomforsalesforce.app/oauth/callback?code=1&state=2'],
    ['unknown route', `${DEEP_LINK_SCHEME}:/settings?code=1&state=2`],
    ['route traversal', `${DEEP_LINK_SCHEME}:/oauth/callback/../admin?code=1&state=2`],
    ['authority form', `${DEEP_LINK_SCHEME}://oauth/callback?code=1&state=2`],
    ['authority with userinfo', `${DEEP_LINK_SCHEME}://evil@host/oauth/callback?code=1&state=2`],
    ['no state', `${DEEP_LINK_REDIRECT_URI}?code=1`],
    ['neither code nor error', `${DEEP_LINK_REDIRECT_URI}?state=1`],
    ['unknown parameter', `${DEEP_LINK_REDIRECT_URI}?code=1&state=2&redirect=https://evil.io`],
    ['repeated state', `${DEEP_LINK_REDIRECT_URI}?code=1&state=2&state=3`],
    ['fragment', `${DEEP_LINK_REDIRECT_URI}?code=1&state=2#access_token=x`],
    ['argument injection', `${DEEP_LINK_REDIRECT_URI}?code=1&state=2" --gpu-launcher="calc`],
    ['embedded space', `${DEEP_LINK_REDIRECT_URI}?code=1 --inspect=9229&state=2`],
    ['newline', `${DEEP_LINK_REDIRECT_URI}?code=1&state=2\n--inspect`],
    ['NUL byte', `${DEEP_LINK_REDIRECT_URI}?code=1\u0000&state=2`],
    ['oversized', `${DEEP_LINK_REDIRECT_URI}?state=2&code=${'a'.repeat(MAX_DEEP_LINK_LENGTH)}`],
    ['empty', ''],
    ['only the scheme', `${DEEP_LINK_SCHEME}:`],
  ])('rejects %s', (_label, raw) => {
    const result = parseDeepLink(raw);
    expect(result.ok).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    const junk: unknown[] = [undefined, null, 0, {}, [], Symbol.iterator.toString(), '%', `${DEEP_LINK_SCHEME}:%E0%A4%A`, '\uD800', 'x'.repeat(100_000)];
    for (const value of junk) expect(() => parseDeepLink(value)).not.toThrow();
  });
});

describe('extractDeepLink (second-instance argv, checklist D1)', () => {
  it('takes the link from additionalData first', () => {
    expect(extractDeepLink([EXE, '--some-flag'], { deepLink: LINK })).toEqual({ ok: true, url: LINK });
    // additionalData wins even when argv has a different (here: bogus) link.
    expect(extractDeepLink([EXE, `${DEEP_LINK_SCHEME}:/other`], { deepLink: LINK })).toEqual({ ok: true, url: LINK });
  });

  it('validates additionalData like any other input', () => {
    expect(extractDeepLink([EXE], { deepLink: 'https://evil.io/' }).ok).toBe(false);
    expect(extractDeepLink([EXE], { deepLink: 42 }).ok).toBe(false);
  });

  it('falls back to argv when additionalData has no link (e.g. an older instance, or empty)', () => {
    expect(extractDeepLink([EXE, LINK], {})).toEqual({ ok: true, url: LINK });
    expect(extractDeepLink([EXE, LINK], null)).toEqual({ ok: true, url: LINK });
    expect(extractDeepLink([EXE, LINK], 'garbage')).toEqual({ ok: true, url: LINK });
  });

  it('finds the link wherever Chromium put it among its switches', () => {
    const flags = ['--allow-file-access-from-files', '--original-process-start-time=13351234567890123', '--enable-avfoundation'];
    const permutations = [
      [EXE, LINK, ...flags],
      [EXE, ...flags, LINK],
      [EXE, flags[0], LINK, flags[1], flags[2]],
      [LINK, EXE, ...flags],
      ['/usr/lib/electron/electron', '/home/me/atom', '--', LINK, flags[1]],
    ];
    for (const argv of permutations) expect(extractDeepLink(argv)).toEqual({ ok: true, url: LINK });
  });

  it('ignores switches that merely mention the scheme', () => {
    expect(extractDeepLink([EXE, `--url=${LINK}`]).ok).toBe(false);
  });

  it('refuses two links rather than guessing', () => {
    const result = extractDeepLink([EXE, LINK, ERROR_LINK]);
    expect(result).toEqual({ ok: false, reason: 'More than one deep link on the command line' });
    expect(extractDeepLink([EXE, LINK, LINK]).ok).toBe(false);
  });

  it('reports none for empty or link-free argv (another OS user launched it)', () => {
    expect(extractDeepLink([])).toEqual({ ok: false, reason: 'No deep link' });
    expect(extractDeepLink([EXE, '--flag'])).toEqual({ ok: false, reason: 'No deep link' });
    expect(extractDeepLink(undefined as unknown as string[])).toEqual({ ok: false, reason: 'No deep link' });
  });

  it('rejects a wrong scheme and an oversized link on argv', () => {
    expect(extractDeepLink([EXE, 'myapp:/oauth/callback?code=1&state=2']).ok).toBe(false);
    expect(extractDeepLink([EXE, `${LINK}&error=${'x'.repeat(5_000)}`]).ok).toBe(false);
  });

  it('singleInstanceData carries only a validated link', () => {
    expect(singleInstanceData([EXE, LINK])).toEqual({ deepLink: LINK });
    expect(singleInstanceData([EXE, 'myapp:/x'])).toEqual({});
    expect(singleInstanceData([EXE, LINK, LINK])).toEqual({});
  });
});

describe('deep-link queue (open-url before ready, checklist D2)', () => {
  it('handles a link delivered before ready exactly once, after ready', async () => {
    const queue = createDeepLinkQueue();
    const handler = vi.fn();
    queue.push(LINK);
    expect(handler).not.toHaveBeenCalled();
    expect(queue.pending).toBe(1);
    queue.start(handler);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler).toHaveBeenCalledWith(LINK);
    expect(queue.pending).toBe(0);
    queue.push(ERROR_LINK);
    expect(handler).toHaveBeenCalledTimes(2);
    expect(handler).toHaveBeenLastCalledWith(ERROR_LINK);
  });

  it('keeps arrival order and bounds the backlog', () => {
    const queue = createDeepLinkQueue({ maxPending: 2 });
    const seen: string[] = [];
    queue.push('a');
    queue.push('b');
    queue.push('c');
    queue.start((url) => {
      seen.push(url);
    });
    expect(seen).toEqual(['b', 'c']);
  });

  it('reports handler failures instead of throwing, and cannot be started twice', async () => {
    const onError = vi.fn();
    const queue = createDeepLinkQueue({ onError });
    queue.push('sync');
    queue.start(async (url) => {
      throw new Error(`failed ${url}`);
    });
    queue.push('async');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onError).toHaveBeenCalledTimes(2);
    expect(() => queue.start(() => undefined)).toThrow(/already started/);
  });
});

describe('protocol client registration (checklist D5)', () => {
  it('packaged: registers the scheme for the app executable itself', () => {
    expect(protocolClientRegistration({ defaultApp: false, execPath: EXE, argv: [EXE], cwd: '/' })).toEqual({ scheme: DEEP_LINK_SCHEME });
  });

  it('development: registers the Electron binary plus the resolved app path', () => {
    const registration = protocolClientRegistration({
      defaultApp: true,
      execPath: '/repo/node_modules/electron/dist/electron',
      argv: ['/repo/node_modules/electron/dist/electron', '.'],
      cwd: '/repo',
    });
    expect(registration).toEqual({ scheme: DEEP_LINK_SCHEME, executable: '/repo/node_modules/electron/dist/electron', args: ['/repo'] });
  });

  it('development without an app path: does not register a link the OS could not relaunch', () => {
    expect(protocolClientRegistration({ defaultApp: true, execPath: '/e', argv: ['/e'], cwd: '/' })).toBeNull();
    expect(protocolClientRegistration({ defaultApp: true, execPath: '/e', argv: ['/e', '--inspect'], cwd: '/' })).toBeNull();
  });

  it('uses a reverse-DNS scheme (RFC 8252 §7.1)', () => {
    expect(DEEP_LINK_SCHEME).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+){2,}$/);
  });
});
