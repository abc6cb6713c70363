/**
 * What the Convert lead dialog offers (`leads:convert-options`), from the cache: the lead, the
 * org's converted statuses (LeadStatus.IsConverted, in the org's order), accounts whose name
 * matches the lead's company, contacts with the lead's email or name, and the opportunity name
 * Salesforce would give (convertLead's opportunityName "defaults to the company name of the lead",
 * SOAP API Developer Guide, as the emulator does).
 */
import { AppError } from '../../../shared/errors';
import type { ConvertOptions } from '../../../shared/ipc/leads.contract';
import type { CacheDb } from '../cache/org-cache';
import { getCachedRecord } from '../cache/records.read';
import { readLeadStatuses } from '../cache/reference.repo';
import { likeEscape, likePattern } from '../db/sql-like';

/** Suggestions shown per kind. */
const MATCHES = 10;
/** Account names shorter than this never count as "inside" the company name (an "A" would match everything). */
const MIN_NAME_INSIDE = 3;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

export function readConvertOptions(db: CacheDb, leadId: string, online: boolean): ConvertOptions {
  const cached = getCachedRecord(db, 'Lead', leadId);
  if (!cached || cached.localState === 'deleted') {
    throw new AppError('NOT_FOUND', 'This lead is not on this computer. It may be outside what you sync, or deleted.');
  }
  const f = cached.fields;
  const company = str(f.Company);
  const name = str(f.Name) ?? [str(f.FirstName), str(f.LastName)].filter(Boolean).join(' ');
  return {
    lead: {
      id: leadId,
      name: name || null,
      company,
      email: str(f.Email),
      status: str(f.Status),
      ownerId: str(f.OwnerId),
      ownerName: str(f['Owner.Name']),
      isConverted: f.IsConverted === true,
      convertedAccountId: str(f.ConvertedAccountId),
      convertedContactId: str(f.ConvertedContactId),
      convertedOpportunityId: str(f.ConvertedOpportunityId),
    },
    convertedStatuses: readLeadStatuses(db)
      .statuses.filter((s) => s.isConverted)
      .map((s) => s.name),
    accountMatches: company ? accountMatches(db, company) : [],
    contactMatches: contactMatches(db, str(f.Email), name || null),
    opportunityName: company ?? name ?? '',
    online,
  };
}

/** Accounts named like the company: the same name first, then names starting with it, then the rest. */
function accountMatches(db: CacheDb, company: string): ConvertOptions['accountMatches'] {
  const rows = db
    .prepare(
      `SELECT id, name, text_b AS city, text_a AS industry FROM records
        WHERE object = 'Account' AND local_state <> 'deleted' AND name IS NOT NULL
          AND (name LIKE @contains ESCAPE '\\' OR (length(name) >= ${MIN_NAME_INSIDE} AND instr(lower(@company), lower(name)) > 0))
        ORDER BY lower(name) = lower(@company) DESC, name LIKE @prefix ESCAPE '\\' DESC, length(name), name, id
        LIMIT ${MATCHES}`,
    )
    .all({ company, contains: likePattern(company), prefix: `${likeEscape(company)}%` }) as Array<{
    id: string;
    name: string;
    city: string | null;
    industry: string | null;
  }>;
  return rows.map((r) => ({ id: r.id, name: r.name, detail: [r.city, r.industry].filter(Boolean).join(' · ') || null }));
}

/** Contacts with the lead's email (first) or its full name; detail: their account. */
function contactMatches(db: CacheDb, email: string | null, name: string | null): ConvertOptions['contactMatches'] {
  if (!email && !name) return [];
  const rows = db
    .prepare(
      `SELECT id, name, account_name, account_id, email = @email COLLATE NOCASE AS by_email FROM records
        WHERE object = 'Contact' AND local_state <> 'deleted'
          AND (email = @email COLLATE NOCASE OR name = @name COLLATE NOCASE)
        ORDER BY by_email DESC, name, id
        LIMIT ${MATCHES}`,
    )
    .all({ email, name }) as Array<{ id: string; name: string | null; account_name: string | null; account_id: string | null }>;
  return rows.map((r) => ({ id: r.id, name: r.name ?? '', detail: r.account_name, accountId: r.account_id }));
}
