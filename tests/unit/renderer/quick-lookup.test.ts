/**
 * The quick lookup's pure parts: the links its actions hand to the system (tel:, mailto:, the
 * record in Salesforce), the glance line, where Enter opens a record, and its route.
 */
import { describe, expect, it } from 'vitest';
import type { LookupRecord } from '../../../src/shared/ipc';
import { glanceParts, mailtoHref, salesforceRecordUrl, telHref } from '../../../src/renderer/src/features/quick-lookup/lookup-links';
import { openFromLookup, type LookupWindow, type OpenerLike } from '../../../src/renderer/src/features/quick-lookup/open-record';
import { parseRoute, routeHref } from '../../../src/renderer/src/lib/router';
import { checkExternalUrl } from '../../../src/main/security/external-url';

describe('the links of the actions', () => {
  it('dials the digits of a phone number, with its + and without its extension', () => {
    expect(telHref('(303) 574-3945')).toBe('tel:3035743945');
    expect(telHref('+65 4644 4535')).toBe('tel:+6546444535');
    expect(telHref('+1 (415) 555-0100 ext. 12')).toBe('tel:+14155550100');
    expect(telHref('555-0100 x99')).toBe('tel:5550100');
    expect(telHref('call me')).toBeNull();
    expect(telHref('12')).toBeNull();
    expect(telHref(null)).toBeNull();
  });

  it('writes to one plain address, with no parameters riding along', () => {
    expect(mailtoHref('mary.lopez@silverlakepartners.example.com')).toBe('mailto:mary.lopez@silverlakepartners.example.com');
    expect(mailtoHref("o'brien+sales@example.org")).toBe('mailto:o%27brien%2Bsales@example.org');
    expect(mailtoHref('a@b.c?attach=/etc/passwd')).toBeNull();
    expect(mailtoHref('a@b.c&cc=x@y.z')).toBeNull();
    expect(mailtoHref('two@a.b, three@c.d')).toBeNull();
    expect(mailtoHref('no-at-sign')).toBeNull();
    expect(mailtoHref(null)).toBeNull();
  });

  it('opens a record in Lightning on the org’s own https host only', () => {
    expect(salesforceRecordUrl('https://acme.my.salesforce.com', 'Contact', '0038d0000000040AAA')).toBe(
      'https://acme.my.salesforce.com/lightning/r/Contact/0038d0000000040AAA/view',
    );
    expect(salesforceRecordUrl('http://127.0.0.1:4100', 'Contact', '0038d0000000040AAA')).toBeNull();
    expect(salesforceRecordUrl(undefined, 'Contact', '0038d0000000040AAA')).toBeNull();
    expect(salesforceRecordUrl('https://acme.my.salesforce.com', 'Contact', `local-${'a'.repeat(32)}`)).toBeNull();
    expect(salesforceRecordUrl('https://acme.my.salesforce.com', 'Contact/../x', '0038d0000000040AAA')).toBeNull();
  });

  it('builds only links the desktop app’s external-link gate lets through', () => {
    for (const url of [
      telHref('+65 4644 4535'),
      mailtoHref('mary.lopez@example.com'),
      mailtoHref("o'brien+sales@example.org"),
      mailtoHref('x{y}z@example.org'),
      salesforceRecordUrl('https://acme.my.salesforce.com', 'Case', '5008d000000001AAAA'),
    ]) {
      expect(checkExternalUrl(url, { contactLinks: true }), String(url)).toMatchObject({ allowed: true });
    }
  });
});

describe('the glance line', () => {
  const blank: LookupRecord = {
    id: '0068d0000000001AAA',
    title: 'Renewal',
    phone: null,
    email: null,
    accountName: null,
    company: null,
    jobTitle: null,
    stage: null,
    amount: null,
    currency: null,
    caseNumber: null,
    status: null,
    date: null,
  };
  const money = (amount: number, currency: string | null) => `${currency ?? '¤'}${amount}`;

  it('reads in the order a rep looks: case number, job title, account or company, stage, amount, status, email, phone', () => {
    expect(glanceParts({ ...blank, accountName: 'Acme', stage: 'Proposal', amount: 5000, currency: 'EUR' }, money)).toEqual(['Acme', 'Proposal', 'EUR5000']);
    expect(glanceParts({ ...blank, jobTitle: 'CTO', company: 'Initech', email: 'a@b.co', phone: '555' }, money)).toEqual(['CTO', 'Initech', 'a@b.co', '555']);
    expect(glanceParts({ ...blank, caseNumber: '00001001', status: 'New', accountName: 'Acme' }, money)).toEqual(['#00001001', 'Acme', 'New']);
    expect(glanceParts({ ...blank, amount: 0 }, money)).toEqual(['¤0']);
    expect(glanceParts(blank, money)).toEqual([]);
  });
});

describe('where Enter opens a record', () => {
  const target = { object: 'Contact' as const, id: '0038d0000000040AAA' };
  const href = '#/contacts/0038d0000000040AAA';
  const opener = (overrides: Partial<OpenerLike> = {}) => {
    const o = { closed: false, location: { hash: '#/home' }, focused: 0, focus: () => void o.focused++, ...overrides };
    return o;
  };
  const win = (openerWindow: OpenerLike | null): LookupWindow => ({ opener: openerWindow, location: { hash: '#/quick-lookup' } });

  it('desktop: the main window, through the host; the lookup’s own window when there is none', async () => {
    const asked: unknown[] = [];
    const self = win(null);
    expect(await openFromLookup(target, { mode: 'electron', openInMain: async (t) => (asked.push(t), true), win: self })).toBe('main');
    expect(asked).toEqual([target]);
    expect(self.location.hash).toBe('#/quick-lookup');
    expect(await openFromLookup(target, { mode: 'electron', openInMain: async () => false, win: self })).toBe('self');
    expect(self.location.hash).toBe(href);
  });

  it('browser: the tab that opened it, brought forward; else its own tab', async () => {
    const never = async () => {
      throw new Error('browser mode has no host');
    };
    const main = opener();
    const popup = win(main);
    expect(await openFromLookup(target, { mode: 'browser', openInMain: never, win: popup })).toBe('opener');
    expect(main.location.hash).toBe(href);
    expect(main.focused).toBe(1);
    expect(popup.location.hash).toBe('#/quick-lookup');

    const closed = win(opener({ closed: true }));
    expect(await openFromLookup(target, { mode: 'browser', openInMain: never, win: closed })).toBe('self');
    expect(closed.location.hash).toBe(href);

    // Opened from another site: reading its location throws, so the record opens here.
    const foreign = {
      closed: false,
      focus: () => undefined,
      get location(): { hash: string } {
        throw new Error('SecurityError');
      },
    };
    const elsewhere = win(foreign);
    expect(await openFromLookup(target, { mode: 'browser', openInMain: never, win: elsewhere })).toBe('self');
    expect(elsewhere.location.hash).toBe(href);
  });
});

describe('the route', () => {
  it('is #/quick-lookup both ways', () => {
    expect(parseRoute('#/quick-lookup')).toEqual({ name: 'quick-lookup' });
    expect(routeHref({ name: 'quick-lookup' })).toBe('#/quick-lookup');
  });
});
