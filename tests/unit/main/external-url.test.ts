import { describe, expect, it } from 'vitest';
import { checkExternalUrl, isSalesforceHost, SALESFORCE_HELP_URL } from '../../../src/main/security/external-url';

// A real org's login and a renderer link: no http at all. A Demo org login: its own origin only.
const realOrg = {};
const demoLogin = { demoOrigin: 'http://127.0.0.1:51234' };

describe('shell gate predicate (checklist E6)', () => {
  it.each([
    'https://login.salesforce.com/services/oauth2/authorize?response_type=code&client_id=abc&state=xyz',
    'https://test.salesforce.com/services/oauth2/authorize?x=1',
    'https://acme.my.salesforce.com/services/oauth2/authorize',
    'https://acme--uat.sandbox.my.salesforce.com/services/oauth2/authorize',
    'https://acme-dev-ed.develop.my.salesforce.com/services/oauth2/authorize',
    'https://acme.scratch.my.salesforce.com/',
    'https://acme.trailblaze.my.salesforce.com/',
    'https://acme.lightning.force.com/lightning/r/Contact/003000000000001AAA/view',
    'https://acme--uat.sandbox.lightning.force.com/lightning/page/home',
    'https://LOGIN.Salesforce.COM/',
  ])('allows %s', (url) => {
    expect(checkExternalUrl(url, realOrg).allowed).toBe(true);
    expect(checkExternalUrl(url, demoLogin).allowed).toBe(true);
  });

  it('allows the Demo org login page only on the Demo origin it was given', () => {
    const url = 'http://127.0.0.1:51234/services/oauth2/authorize?state=x';
    expect(checkExternalUrl(url, demoLogin)).toEqual({ allowed: true, url });
    expect(checkExternalUrl('http://localhost:17017/login', { demoOrigin: 'http://localhost:17017' }).allowed).toBe(true);
    // Not for a real org's login or a renderer link, and not on another loopback port or host.
    expect(checkExternalUrl(url, realOrg).allowed).toBe(false);
    expect(checkExternalUrl('http://127.0.0.1:51235/services/oauth2/authorize', demoLogin).allowed).toBe(false);
    expect(checkExternalUrl('http://localhost:51234/services/oauth2/authorize', demoLogin).allowed).toBe(false);
    // A Demo origin that is not loopback is not honoured.
    expect(checkExternalUrl('http://evil.io:8080/', { demoOrigin: 'http://evil.io:8080' }).allowed).toBe(false);
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
    ['bare salesforce.com', 'https://salesforce.com/'],
    ['www.salesforce.com', 'https://www.salesforce.com/'],
    ['instance host', 'https://na123.salesforce.com/'],
    ['other salesforce.com host', 'https://login.evil.salesforce.com/'],
    ['bare force.com', 'https://force.com/'],
    ['other force.com host', 'https://acme.force.com/'],
    ['Visualforce host', 'https://acme--c.vf.force.com/apex/Page'],
    ['legacy visual.force.com', 'https://c.na1.visual.force.com/'],
    ['Setup domain', 'https://acme.my.salesforce-setup.com/lightning/setup/SetupOneHome/home'],
    ['Experience Cloud site', 'https://acme.my.site.com/'],
    ['bare my.salesforce.com', 'https://my.salesforce.com/'],
    ['bare lightning.force.com', 'https://lightning.force.com/'],
    ['unknown partition', 'https://acme.evil.my.salesforce.com/'],
    ['too many labels', 'https://a.b.sandbox.my.salesforce.com/'],
    ['suffix spoof', 'https://login.salesforce.com.evil.io/'],
    ['suffix spoof 2', 'https://x.my.salesforce.com.evil.io/services/oauth2/authorize'],
    ['lookalike registrable domain', 'https://evilsalesforce.com/'],
    ['hyphen lookalike', 'https://login-salesforce.com/'],
    ['force.com lookalike', 'https://acme.lightning.notforce.com/'],
    ['userinfo trick', 'https://login.salesforce.com@evil.io/'],
    ['userinfo on an allowed host', 'https://user@login.salesforce.com/'],
    ['userinfo with password', 'https://user:pass@login.salesforce.com/'],
    ['backslash trick', 'https://evil.io\\@login.salesforce.com/'],
    ['homoglyph (Cyrillic a)', 'https://login.s\u0430lesforce.com/'],
    ['homoglyph subdomain (Cyrillic i)', 'https://log\u0456n.salesforce.com/'],
    ['punycode label', 'https://xn--acm-6na.my.salesforce.com/'],
    ['fullwidth dot', 'https://login.salesforce\uff0ecom.evil.io/'],
    ['trailing dot', 'https://login.salesforce.com./'],
    ['explicit port', 'https://login.salesforce.com:8443/'],
    ['explicit port on My Domain', 'https://acme.my.salesforce.com:444/'],
    ['IP literal', 'https://13.110.0.1/'],
    ['IPv6 literal', 'https://[2001:db8::1]/'],
    ['bare domain lookalike', 'https://salesforce.co/'],
    ['leading space', ' https://login.salesforce.com/'],
    ['embedded newline', 'https://login.salesforce.com/\n--gpu-launcher=calc'],
    ['quote injection', 'https://login.salesforce.com/" --inspect'],
    ['relative', '/services/oauth2/authorize'],
    ['empty', ''],
  ])('rejects %s', (_label, url) => {
    for (const options of [realOrg, demoLogin]) {
      const verdict = checkExternalUrl(url, options);
      expect(verdict.allowed).toBe(false);
      if (!verdict.allowed) expect(verdict.reason.length).toBeGreaterThan(0);
    }
  });

  it('rejects over-long URLs and non-strings without throwing', () => {
    expect(checkExternalUrl(`https://login.salesforce.com/?q=${'a'.repeat(9_000)}`, realOrg).allowed).toBe(false);
    for (const junk of [undefined, null, 42, {}, ['https://login.salesforce.com/']]) {
      expect(checkExternalUrl(junk, realOrg).allowed).toBe(false);
    }
  });

  it('returns the normalised URL it checked, so the caller opens exactly that', () => {
    expect(checkExternalUrl('https://LOGIN.salesforce.com/a/../b', realOrg)).toEqual({ allowed: true, url: 'https://login.salesforce.com/b' });
  });

  it('matches only the login servers and My Domain / Lightning hosts, on label boundaries', () => {
    expect(isSalesforceHost('login.salesforce.com')).toBe(true);
    expect(isSalesforceHost('acme.my.salesforce.com')).toBe(true);
    expect(isSalesforceHost('salesforce.com')).toBe(false);
    expect(isSalesforceHost('a.b.salesforce.com')).toBe(false);
    expect(isSalesforceHost('xmy.salesforce.com')).toBe(false);
    expect(isSalesforceHost('acme.xmy.salesforce.com')).toBe(false);
    expect(isSalesforceHost('acme.my.salesforce.com.evil.io')).toBe(false);
    expect(isSalesforceHost('a..my.salesforce.com')).toBe(false);
    expect(isSalesforceHost('-acme.my.salesforce.com')).toBe(false);
    expect(isSalesforceHost('')).toBe(false);
  });
});

describe('tel: and mailto: from the renderer’s links (the quick lookup’s Call and Email)', () => {
  const rendererLink = { contactLinks: true };

  it('allows a dialable number and one plain, encoded address, exactly as the renderer builds them', () => {
    for (const url of ['tel:3035743945', 'tel:+6546444535', 'mailto:mary.lopez@example.com', 'mailto:o%27brien%2Bsales@example.org']) {
      expect(checkExternalUrl(url, rendererLink), url).toEqual({ allowed: true, url });
    }
  });

  it('refuses them for login pages and anything not in those shapes', () => {
    expect(checkExternalUrl('tel:3035743945', realOrg).allowed).toBe(false);
    expect(checkExternalUrl('mailto:mary@example.com', demoLogin).allowed).toBe(false);
    for (const url of [
      'tel:12',
      'tel:+1-303-574-3945',
      'tel:3035743945;ext=12',
      'tel:123456789012345678901',
      'mailto:a@b.c?attach=/etc/passwd',
      'mailto:a@b.c?body=x',
      'mailto:a@b.c,d@e.f',
      'mailto:a%40b@c.d',
      'mailto:a%0Ab@c.d',
      'mailto:a%20b@c.d',
      'mailto:%ZZ@c.d',
      'mailto:@c.d',
      'mailto:a@localhost',
      'mailto:a@b.c#x',
      'mailto://a@b.c',
      'sms:3035743945',
      'callto:3035743945',
    ]) {
      expect(checkExternalUrl(url, rendererLink).allowed, url).toBe(false);
    }
  });
});

describe('Salesforce Help, for the Help menu only', () => {
  it('opens help.salesforce.com over https when the caller is the Help menu', () => {
    expect(checkExternalUrl(SALESFORCE_HELP_URL, { helpPages: true })).toEqual({ allowed: true, url: 'https://help.salesforce.com/s/' });
    expect(checkExternalUrl('https://help.salesforce.com/s/articleView?id=sf.basics.htm', { helpPages: true }).allowed).toBe(true);
  });

  it('refuses it anywhere else (renderer links, login pages), and refuses look-alikes even for the Help menu', () => {
    expect(checkExternalUrl(SALESFORCE_HELP_URL, { contactLinks: true }).allowed).toBe(false);
    expect(checkExternalUrl(SALESFORCE_HELP_URL, realOrg).allowed).toBe(false);
    for (const url of [
      'http://help.salesforce.com/s/',
      'https://help.salesforce.com:8443/s/',
      'https://user@help.salesforce.com/s/',
      'https://help.salesforce.com.evil.io/s/',
      'https://evil.help.salesforce.com/s/',
      'https://www.salesforce.com/',
    ]) {
      expect(checkExternalUrl(url, { helpPages: true }).allowed, url).toBe(false);
    }
  });
});
