/**
 * Client-side check of a My Domain entry, so typos are caught before a login page opens.
 * Since Winter '24 every org has an enhanced My Domain ending in .my.salesforce.com
 * (sandboxes: <name>--<sandbox>.sandbox.my.salesforce.com); Government Cloud uses .mil.
 */
const MY_DOMAIN_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+my\.salesforce\.(?:com|mil)$/;

export function normalizeMyDomain(input: string): { ok: true; host: string } | { ok: false; message: string } {
  const text = input.trim().toLowerCase();
  if (text === '') return { ok: false, message: 'Enter your My Domain, such as acme.my.salesforce.com' };
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, message: 'That doesn’t look like a web address. Try acme.my.salesforce.com' };
  }
  if (url.protocol !== 'https:') return { ok: false, message: 'My Domain addresses start with https://' };
  if (url.username || url.password || url.port || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return { ok: false, message: 'Enter just the domain, without a path — such as acme.my.salesforce.com' };
  }
  if (!MY_DOMAIN_HOST.test(url.hostname)) {
    return { ok: false, message: 'A My Domain ends in .my.salesforce.com — for example acme.my.salesforce.com' };
  }
  return { ok: true, host: url.hostname };
}
