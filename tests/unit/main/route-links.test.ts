/**
 * Record and search links in the main process: told apart from the login callback, handed over by
 * a second instance, queued until the window has loaded, and sent to the app's own window only.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { DEEP_LINK_SCHEME } from '../../../src/shared/app-identity';
import { EVENT_CHANNEL } from '../../../src/shared/ipc';
import { classifyDeepLink, extractAppLink, extractDeepLink, singleInstanceData } from '../../../src/main/deep-links/deep-link';
import { dispatchAppLink } from '../../../src/main/deep-links/link-dispatch';
import { createRouteQueue, holdRoutesWhileLoading } from '../../../src/main/deep-links/route-queue';
import { sendOpenRoute } from '../../../src/main/deep-links/send-route';

const S = `${DEEP_LINK_SCHEME}:`;
const LOGIN = `${S}/oauth/callback?code=abc&state=s1`;
const RECORD = `${S}/record/001000000000001`;
const SEARCH = `${S}/search?q=Acme+Corp`;
const EXE = '/opt/atom/atom';

describe('classifyDeepLink', () => {
  it('tells the login callback from record and search links by their path', () => {
    expect(classifyDeepLink(LOGIN)).toEqual({ ok: true, kind: 'oauth', url: LOGIN });
    expect(classifyDeepLink(RECORD)).toEqual({ ok: true, kind: 'route', route: { kind: 'record', id: '001000000000001AAA' }, url: RECORD });
    expect(classifyDeepLink(SEARCH)).toEqual({ ok: true, kind: 'route', route: { kind: 'search', q: 'Acme Corp' }, url: SEARCH });
  });

  it('keeps each parser’s reason', () => {
    expect(classifyDeepLink(`${S}/oauth/callback?code=abc`)).toEqual({ ok: false, reason: 'Deep link has no state' });
    expect(classifyDeepLink(`${S}/oauth/other?state=s`)).toEqual({ ok: false, reason: 'Unknown deep-link route' });
    expect(classifyDeepLink(`${S}/record/001000000000001ZZZ`)).toMatchObject({ ok: false, reason: expect.stringContaining('do not match') });
    expect(classifyDeepLink('https://evil.example/')).toMatchObject({ ok: false });
    expect(classifyDeepLink(undefined)).toEqual({ ok: false, reason: 'No deep link' });
  });

  it('never lets a route link through the login path or the other way round', () => {
    // A record link dressed as a callback path is a malformed callback, not a record.
    expect(classifyDeepLink(`${S}/oauth/callback/../../record/001000000000001`).ok).toBe(false);
    expect(classifyDeepLink(`${S}//oauth/callback?code=a&state=b`).ok).toBe(false);
  });
});

describe('second instance hand-over', () => {
  it('carries a validated record or search link, as it does a login callback', () => {
    expect(singleInstanceData([EXE, RECORD])).toEqual({ deepLink: RECORD });
    expect(singleInstanceData([EXE, SEARCH])).toEqual({ deepLink: SEARCH });
    expect(singleInstanceData([EXE, LOGIN])).toEqual({ deepLink: LOGIN });
    expect(singleInstanceData([EXE, `${S}/record/nope`])).toEqual({});
    expect(singleInstanceData([EXE, RECORD, SEARCH])).toEqual({});
  });

  it('the primary reads additionalData first, then argv, and validates both', () => {
    expect(extractAppLink([EXE], { deepLink: SEARCH })).toMatchObject({ ok: true, kind: 'route' });
    expect(extractAppLink([EXE, RECORD], {})).toMatchObject({ ok: true, kind: 'route' });
    expect(extractAppLink([EXE], { deepLink: `${S}/search?q=%2e%2e` }).ok).toBe(false);
    expect(extractAppLink([EXE, '--flag'])).toEqual({ ok: false, reason: 'No deep link' });
  });

  it('extractDeepLink still yields login callbacks only', () => {
    expect(extractDeepLink([EXE, LOGIN])).toEqual({ ok: true, url: LOGIN });
    expect(extractDeepLink([EXE, RECORD]).ok).toBe(false);
  });
});

describe('dispatchAppLink', () => {
  const targets = () => ({ login: vi.fn(), route: vi.fn(), refused: vi.fn() });

  it('sends a login to the login queue and a route, with its object, to the window', () => {
    const t = targets();
    dispatchAppLink(classifyDeepLink(LOGIN), t);
    dispatchAppLink(classifyDeepLink(RECORD), t);
    dispatchAppLink(classifyDeepLink(`${S}/record/a0X000000000001`), t);
    expect(t.login).toHaveBeenCalledWith(LOGIN);
    expect(t.route.mock.calls).toEqual([
      [{ kind: 'record', id: '001000000000001AAA', object: 'Account' }],
      [{ kind: 'record', id: 'a0X000000000001EAA', object: null }],
    ]);
    expect(t.refused).not.toHaveBeenCalled();
  });

  it('reports refusals by reason (never the link), and stays quiet when there is no link at all', () => {
    const t = targets();
    dispatchAppLink(classifyDeepLink(`${S}/search?q=secret%00`), t);
    dispatchAppLink(extractAppLink([EXE]), t);
    expect(t.refused).toHaveBeenCalledTimes(1);
    expect(t.refused.mock.calls[0]![0]).not.toContain('secret');
    expect(t.login).not.toHaveBeenCalled();
    expect(t.route).not.toHaveBeenCalled();
  });
});

describe('route queue', () => {
  it('holds routes until the window is ready, then sends them in order; after that at once', () => {
    const sent: number[] = [];
    const queue = createRouteQueue<number>({ deliver: (n) => sent.push(n) });
    queue.push(1);
    queue.push(2);
    expect(sent).toEqual([]);
    expect(queue.pending).toBe(2);
    queue.setReady(true);
    expect(sent).toEqual([1, 2]);
    queue.push(3);
    expect(sent).toEqual([1, 2, 3]);
  });

  it('waits again while the window reloads or is gone, and bounds the backlog', () => {
    const sent: number[] = [];
    const queue = createRouteQueue<number>({ deliver: (n) => sent.push(n), maxPending: 2 });
    queue.setReady(true);
    queue.setReady(false);
    for (const n of [1, 2, 3]) queue.push(n);
    expect(queue.pending).toBe(2);
    queue.setReady(true);
    expect(sent).toEqual([2, 3]);
  });

  it('reports a failing delivery and goes on with the next route', () => {
    const onError = vi.fn();
    const sent: number[] = [];
    const queue = createRouteQueue<number>({
      deliver: (n) => {
        if (n === 1) throw new Error('boom');
        sent.push(n);
      },
      onError,
    });
    queue.push(1);
    queue.push(2);
    queue.setReady(true);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(sent).toEqual([2]);
  });

  it('follows the window’s load events', () => {
    const contents = new EventEmitter();
    const sent: number[] = [];
    const queue = createRouteQueue<number>({ deliver: (n) => sent.push(n) });
    queue.setReady(true);
    holdRoutesWhileLoading(contents as never, queue);
    queue.push(1);
    expect(sent).toEqual([]);
    contents.emit('did-finish-load');
    expect(sent).toEqual([1]);
    contents.emit('did-start-loading');
    queue.push(2);
    expect(sent).toEqual([1]);
    contents.emit('did-finish-load');
    expect(sent).toEqual([1, 2]);
  });
});

describe('sendOpenRoute', () => {
  const target = (url: string, destroyed = false) => ({ getURL: () => url, isDestroyed: () => destroyed, send: vi.fn() });

  it('sends the route in the push channel’s envelope to a window that shows the app', () => {
    const window = target('app://atom/index.html');
    expect(sendOpenRoute(window, { kind: 'search', q: 'Acme' })).toBe('sent');
    expect(window.send).toHaveBeenCalledWith(EVENT_CHANNEL, { name: 'open-route', payload: { kind: 'search', q: 'Acme' } });
  });

  it('sends nothing to a window that is gone or shows anything else', () => {
    for (const window of [target('https://evil.example/'), target('app://atom/index.html', true)]) {
      expect(sendOpenRoute(window, { kind: 'search', q: 'Acme' })).toBe('no-window');
      expect(window.send).not.toHaveBeenCalled();
    }
    expect(sendOpenRoute(undefined, { kind: 'search', q: 'Acme' })).toBe('no-window');
  });

  it('checks the payload against the contract (a route that did not come from the parser is not sent)', () => {
    const window = target('app://atom/index.html');
    expect(sendOpenRoute(window, { kind: 'record', id: '001000000000001', object: null })).toBe('invalid');
    expect(sendOpenRoute(window, { kind: 'search', q: ' padded ' })).toBe('invalid');
    expect(sendOpenRoute(window, { kind: 'page', page: 'nowhere' } as never)).toBe('invalid');
    expect(sendOpenRoute(window, { kind: 'object', object: 'Contact; DROP', view: 'list' })).toBe('invalid');
    expect(sendOpenRoute(window, { kind: 'object', object: 'Contact', view: 'edit' } as never)).toBe('invalid');
    expect(window.send).not.toHaveBeenCalled();
  });

  it('sends the application menu’s screens: a page by name, an object’s list or new-record form', () => {
    const window = target('app://atom/index.html');
    for (const route of [
      { kind: 'page', page: 'settings' },
      { kind: 'page', page: 'shortcuts' },
      { kind: 'object', object: 'Opportunity', view: 'new' },
    ] as const) {
      expect(sendOpenRoute(window, route)).toBe('sent');
      expect(window.send).toHaveBeenLastCalledWith(EVENT_CHANNEL, { name: 'open-route', payload: route });
    }
  });
});
