import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAllowedNavigation, isAppUrl } from '../../../src/main/security/app-origin';
import { isTrustedSender } from '../../../src/main/security/trusted-sender';

const topFrame = (url: string) => ({ url, parent: null });

describe('isTrustedSender (IPC sender check, checklist I1)', () => {
  it('accepts the top-level frame of the app page', () => {
    expect(isTrustedSender(topFrame(APP_ENTRY_URL))).toBe(true);
    expect(isTrustedSender(topFrame('app://atom/'))).toBe(true);
    expect(isTrustedSender(topFrame('app://atom/index.html#/contacts?page=2'))).toBe(true);
  });

  it.each([
    ['null frame (navigated away or destroyed)', null],
    ['undefined frame', undefined],
  ])('rejects a %s', (_label, frame) => {
    expect(isTrustedSender(frame)).toBe(false);
  });

  it('rejects an iframe, even one on the app origin', () => {
    const top = topFrame(APP_ENTRY_URL);
    expect(isTrustedSender({ url: 'app://atom/index.html', parent: top })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.io/', parent: top })).toBe(false);
  });

  it.each([
    'app://evil/index.html',
    'app://atom.evil/index.html',
    'app://atom@evil/index.html',
    'app://user:pass@atom/index.html',
    'app://atom:8080/index.html',
    'app://ATOM/index.html',
    'file:///work/main/dist/renderer/index.html',
    'https://atom/index.html',
    'https://login.salesforce.com/',
    'http://127.0.0.1:5173/',
    'about:blank',
    'data:text/html,<script>1</script>',
    'devtools://devtools/bundled/inspector.html',
    'javascript:alert(1)',
    '',
    'not a url',
  ])('rejects a top frame at %s', (url) => {
    expect(isTrustedSender(topFrame(url))).toBe(false);
  });

  it('rejects objects that only look like frames', () => {
    expect(isTrustedSender({ url: 42 as unknown as string, parent: null })).toBe(false);
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: undefined })).toBe(false);
  });
});

describe('navigation predicate (checklist E4)', () => {
  it('allows only pages of app://atom', () => {
    expect(isAllowedNavigation('app://atom/index.html')).toBe(true);
    expect(isAllowedNavigation('app://atom/other.html?x=1#y')).toBe(true);
  });

  it.each([
    'https://x.salesforce.com.evil.io/',
    'https://login.salesforce.com/',
    'https://evil.io/app://atom/',
    'app://atom.evil.io/',
    'app://atom%2eevil/',
    'app://evil/?app://atom/',
    'app://atom@evil.io/',
    'app:atom/index.html',
    'file:///etc/passwd',
    'javascript:location="app://atom/"',
    'http://localhost:5173/',
    'chrome://settings',
    ' app://atom/',
  ])('blocks %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  it('never throws on junk', () => {
    for (const junk of [undefined, null, 1, {}, [], 'a'.repeat(10_000), '\u0000', 'app://']) {
      expect(() => isAppUrl(junk)).not.toThrow();
      expect(isAppUrl(junk)).toBe(false);
    }
  });
});
