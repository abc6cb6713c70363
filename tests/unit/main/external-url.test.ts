import { describe, expect, it } from 'vitest';
import { checkExternalUrl, isSalesforceHost } from '../../../src/main/security/external-url';

const login = { allowLoopback: true };
const rendererLink = { allowLoopback: false };

describe('shell gate predicate (checklist E6)', () => {
  it.each([
    'https://login.salesforce.com/services/oauth2/authorize?response_type=code&client_id=abc&state=xyz',
    'https://test.salesforce.com/services/oauth2/authorize?x=1',
    'https://acme.my.salesforce.com/services/oauth2/authorize',
    'https://acme--uat.sandbox.my.salesforce.com/services/oauth2/authorize',
    'https://acme.lightning.force.com/lightning/r/Contact/003000000000001AAA/view',
    'https://acme.my.salesforce-setup.com/lightning/setup/SetupOneHome/home',
    'https://LOGIN.Salesforce.COM/',
  ])('allows %s', (url) => {
    const verdict = checkExternalUrl(url, login);
    expect(verdict.allowed).toBe(true);
    expect(checkExternalUrl(url, rendererLink).allowed).toBe(true);
  });

  it('allows the Demo org login page on loopback, only for the login flow', () => {
    for (const url of ['http://127.0.0.1:51234/services/oauth2/authorize?state=x', 'http://localhost:17017/login']) {
      expect(checkExternalUrl(url, login)).toEqual({ allowed: true, url });
      expect(checkExternalUrl(url, rendererLink).allowed).toBe(false);
    }
  });

  it.each([
    ['file:', 'file:///etc/passwd'],
    ['file: UNC', 'file://attacker/share/payload.exe'],
    ['smb:', 'smb://attacker/share'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['ms-msdt:', 'ms-msdt:/id PCWDiagnostic /skip force'],
    ['ms-officecmd:', 'ms-officecmd:{"id":3}'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['custom scheme', 'com.atomforsalesforce.app:/oauth/callback?code=1&state=2'],
    ['ftp:', 'ftp://login.salesforce.com/'],
    ['http: Salesforce', 'http://login.salesforce.com/'],
    ['http: foreign', 'http://evil.io/'],
    ['http: loopback without port', 'http://127.0.0.1/'],
    ['http: other loopback address', 'http://127.0.0.2:8080/'],
    ['http: 0.0.0.0', 'http://0.0.0.0:8080/'],
    ['http: IPv6 loopback', 'http://[::1]:8080/'],
    ['https: loopback', 'https://127.0.0.1:8443/'],
    ['suffix spoof', 'https://login.salesforce.com.evil.io/'],
    ['suffix spoof 2', 'https://x.salesforce.com.evil.io/services/oauth2/authorize'],
    ['lookalike registrable domain', 'https://evilsalesforce.com/'],
    ['hyphen lookalike', 'https://login-salesforce.com/'],
    ['force.com lookalike', 'https://notforce.com/'],
    ['userinfo trick', 'https://login.salesforce.com@evil.io/'],
    ['userinfo with password', 'https://user:pass@login.salesforce.com/'],
    ['backslash trick', 'https://evil.io\\@login.salesforce.com/'],
    ['homoglyph (Cyrillic a)', 'https://login.s\u0430lesforce.com/'],
    ['homoglyph subdomain (Cyrillic i)', 'https://log\u0456n.salesforce.com/'],
    ['punycode label', 'https://xn--lgin-xna.salesforce.com/'],
    ['fullwidth dot', 'https://login.salesforce\uff0ecom.evil.io/'],
    ['trailing dot', 'https://login.salesforce.com./'],
    ['explicit port', 'https://login.salesforce.com:8443/'],
    ['IP literal', 'https://13.110.0.1/'],
    ['bare domain lookalike', 'https://salesforce.co/'],
    ['leading space', ' https://login.salesforce.com/'],
    ['embedded newline', 'https://login.salesforce.com/\n--gpu-launcher=calc'],
    ['quote injection', 'https://login.salesforce.com/" --inspect'],
    ['relative', '/services/oauth2/authorize'],
    ['empty', ''],
  ])('rejects %s', (_label, url) => {
    const verdict = checkExternalUrl(url, login);
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) expect(verdict.reason.length).toBeGreaterThan(0);
  });

  it('rejects over-long URLs and non-strings without throwing', () => {
    expect(checkExternalUrl(`https://login.salesforce.com/?q=${'a'.repeat(9_000)}`, login).allowed).toBe(false);
    for (const junk of [undefined, null, 42, {}, ['https://login.salesforce.com/']]) {
      expect(checkExternalUrl(junk, login).allowed).toBe(false);
    }
  });

  it('returns the normalised URL it checked, so the caller opens exactly that', () => {
    expect(checkExternalUrl('https://LOGIN.salesforce.com/a/../b', login)).toEqual({ allowed: true, url: 'https://login.salesforce.com/b' });
  });

  it('matches Salesforce domains on label boundaries', () => {
    expect(isSalesforceHost('salesforce.com')).toBe(true);
    expect(isSalesforceHost('a.b.salesforce.com')).toBe(true);
    expect(isSalesforceHost('xsalesforce.com')).toBe(false);
    expect(isSalesforceHost('salesforce.com.evil.io')).toBe(false);
    expect(isSalesforceHost('a..salesforce.com')).toBe(false);
    expect(isSalesforceHost('')).toBe(false);
  });
});
