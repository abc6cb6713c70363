/**
 * After a conversion, the records it touched are read back into the cache by Id, so the lead's
 * page shows its links (ConvertedAccountId, ConvertedContactId, ConvertedOpportunityId) and the
 * account, contact and opportunity open at once: the lead, the account, the contact, the
 * opportunity, and the tasks and events of the contact (the lead's moved there). One Composite
 * call of up to five queries (two when an opportunity was made: six queries).
 *
 * Rows go in as the sync would keep them: in scope "mine" only the user's own records, the lead
 * itself (it was cached), and activities related to a cached record of the user's. Rows with a
 * pending local change are left to the outbox, as everywhere.
 */
import type { ConvertResult } from '../../../shared/ipc/leads.contract';
import type { CachedObject, ObjectRegistry } from '../cache/objects';
import { normalizeRecord } from '../cache/objects';
import type { CacheDb } from '../cache/org-cache';
import { upsertRecords } from '../cache/records.repo';
import type { SalesforceSession } from '../salesforce/gateway';
import { soqlId } from '../salesforce/soql';
import { relatedRowKeeper } from '../sync/related-activities';

const QUERIES_PER_COMPOSITE = 5;

interface ReadBack {
  object: CachedObject;
  soql: string;
}

function queriesOf(registry: ObjectRegistry, result: ConvertResult): ReadBack[] {
  const select = (object: CachedObject, where: string): ReadBack | undefined =>
    registry.has(object)
      ? {
          object,
          soql: `SELECT ${registry
            .get(object)
            .fields.map((f) => f.name)
            .join(', ')} FROM ${object} WHERE ${where}`,
        }
      : undefined;
  return [
    select('Lead', `Id = ${soqlId(result.leadId)}`),
    select('Account', `Id = ${soqlId(result.accountId)}`),
    select('Contact', `Id = ${soqlId(result.contactId)}`),
    result.opportunityId ? select('Opportunity', `Id = ${soqlId(result.opportunityId)}`) : undefined,
    select('Task', `WhoId = ${soqlId(result.contactId)}`),
    select('Event', `WhoId = ${soqlId(result.contactId)}`),
  ].filter((q): q is ReadBack => q !== undefined);
}

/** Reads the converted records back and stores those in scope; returns how many rows were written. */
export async function readBackConversion(
  session: SalesforceSession,
  db: CacheDb,
  input: { registry: ObjectRegistry; result: ConvertResult; userId: string; scope: 'mine' | 'all' },
): Promise<number> {
  const queries = queriesOf(input.registry, input.result);
  const rows = new Map<CachedObject, Array<Record<string, unknown>>>();
  for (let i = 0; i < queries.length; i += QUERIES_PER_COMPOSITE) {
    const batch = queries.slice(i, i + QUERIES_PER_COMPOSITE);
    const answers = await session.compositeQuery(batch.map((q) => ({ referenceId: q.object, soql: q.soql })));
    for (const [object, records] of answers) if (records) rows.set(object as CachedObject, records);
  }
  return db.transaction(() => store(db, input, rows))();
}

/** Parents first, so the activities' relation to a cached record of the user's can be judged. */
function store(
  db: CacheDb,
  input: { registry: ObjectRegistry; userId: string; scope: 'mine' | 'all'; result: ConvertResult },
  rows: Map<CachedObject, Array<Record<string, unknown>>>,
): number {
  let written = 0;
  for (const object of ['Lead', 'Account', 'Contact', 'Opportunity', 'Task', 'Event'] as CachedObject[]) {
    const raw = rows.get(object);
    if (!raw?.length || !input.registry.has(object)) continue;
    const def = input.registry.get(object);
    const related = relatedRowKeeper(db, def);
    const cachedLead = object === 'Lead' && db.prepare(`SELECT 1 FROM records WHERE object = 'Lead' AND id = ?`).get(input.result.leadId) !== undefined;
    const keep = raw
      .map((r) => normalizeRecord(def, r))
      .filter((row) => input.scope === 'all' || !def.ownerScoped || row.OwnerId === input.userId || cachedLead || related(row));
    written += upsertRecords(db, object, keep, input.registry);
  }
  return written;
}
