/**
 * What the quick lookup's actions hand to the system: `tel:` and `mailto:` links, and a record's
 * page in Salesforce. Built strictly, so the desktop app's external-link gate
 * (src/main/security/external-url.ts) lets them through and nothing else rides along: a phone
 * number keeps only its digits (and a leading +), an address that is not plainly one gives no link,
 * and a mailto carries no parameters.
 */
import type { LookupRecord } from '../../../../shared/ipc';

/** `(303) 574-3945` → `tel:3035743945`, `+65 4644 4535 ext. 12` → `tel:+6546444535`; null without 3 digits. */
export function telHref(phone: string | null): string | null {
  if (!phone) return null;
  // An extension ("x12", "ext. 12", "#12") is not dialled: the number before it is.
  const number = phone.split(/\s*(?:x|ext\.?|extension|#)\s*\d/i)[0];
  const digits = number.replace(/\D/g, '');
  if (digits.length < 3 || digits.length > 20) return null;
  return `tel:${number.trim().startsWith('+') ? '+' : ''}${digits}`;
}

/** One plain address, as Salesforce's Email fields hold: local part, @, a dotted domain. */
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+$/;

/** `mailto:` and the address, every character of its local part but letters, digits, `.`, `_` and `-` percent-encoded. */
export function mailtoHref(email: string | null): string | null {
  if (!email || email.length > 254 || !EMAIL.test(email)) return null;
  const at = email.lastIndexOf('@');
  const local = [...email.slice(0, at)].map((c) => (/[A-Za-z0-9._-]/.test(c) ? c : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  return `mailto:${local}${email.slice(at)}`;
}

/**
 * The record's page in Lightning Experience: `/lightning/r/<object>/<Id>/view` on the org's own
 * host (Salesforce's "Record Page" page reference type). Only for an org reached over https: the
 * Demo org has no Salesforce pages to open. Records created offline have no page yet.
 */
export function salesforceRecordUrl(instanceUrl: string | undefined, object: string, id: string): string | null {
  if (!instanceUrl || !/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(id) || !/^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(object)) return null;
  let origin: URL;
  try {
    origin = new URL(instanceUrl);
  } catch {
    return null;
  }
  if (origin.protocol !== 'https:') return null;
  return `${origin.origin}/lightning/r/${object}/${id}/view`;
}

/** The glance line under a result's name, in the order a rep reads it. */
export function glanceParts(record: LookupRecord, formatAmount: (amount: number, currency: string | null) => string): string[] {
  const parts = [
    record.caseNumber ? `#${record.caseNumber}` : null,
    record.jobTitle,
    record.accountName ?? record.company,
    record.stage,
    record.amount !== null ? formatAmount(record.amount, record.currency) : null,
    record.status,
    record.email,
    record.phone,
  ];
  return parts.filter((part): part is string => Boolean(part));
}
