/**
 * Activities in scope "mine" (the registry's `relatedScope`: Task, Event): besides the rows the user
 * owns, which the engine's keyset full sync reads like any other object's, a rep keeps the rows
 * owned by others that point at a record the rep owns — a colleague's call on my account, a
 * manager's meeting on my opportunity.
 *
 * The related pass reads those with one semi-join query per rule parent:
 *   SELECT <fields> FROM Task WHERE AccountId IN (SELECT Id FROM Account WHERE OwnerId = '<me>') AND OwnerId != '<me>'
 * Salesforce refuses semi-joins joined by OR and allows at most two per WHERE, so the parents
 * cannot share one query ("Comparison Operators", SOQL and SOSL Reference: semi-join and anti-join
 * restrictions). The queries go five to a Composite call (its query limit), each read on with
 * queryMore past its first page. Rows owned by others that no query returned any more (the parent
 * changed hands, the row moved) leave the cache, unless they hold a pending local change.
 *
 * Between passes the incremental check keeps a changed row owned by someone else when its scope
 * field points at a cached record of the rule's parents (`relatedRowKeeper`): in scope "mine" the
 * cached parents are the user's own.
 */
import { AppError } from '../../../shared/errors';
import type { CachedObject, FlatRecord, ObjectDef, ObjectRegistry } from '../cache/objects';
import { normalizeRecord } from '../cache/objects';
import type { CacheDb } from '../cache/org-cache';
import { removeRecords, upsertRecords } from '../cache/records.repo';
import type { CompositeAnswer, QueryPage, SyncApi } from './sync-api';

/** Query subrequests per Composite call (Salesforce: at most five). */
const QUERIES_PER_COMPOSITE = 5;

export interface RelatedQuery {
  object: CachedObject;
  referenceId: string;
  soql: string;
}

export interface RelatedPassOutcome {
  upserted: number;
  removed: number;
  /** Per object whose rows could not all be read (nothing of it was removed then). */
  errors: Map<CachedObject, Error>;
}

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** One semi-join query per (rule, parent) of the object, for the user `userId`. */
export function relatedQueries(def: ObjectDef, userId: string): RelatedQuery[] {
  const fields = def.fields.map((f) => f.name).join(', ');
  const me = quote(userId);
  return (def.relatedScope ?? []).flatMap((rule) =>
    rule.parents.map((parent) => ({
      object: def.name as CachedObject,
      referenceId: `${def.name}_${rule.field}_${parent}`,
      soql: `SELECT ${fields} FROM ${def.name} WHERE ${rule.field} IN (SELECT Id FROM ${parent} WHERE OwnerId = ${me}) AND OwnerId != ${me}`,
    })),
  );
}

/**
 * Reads the related rows of `objects` (see the header) and brings the cache in line with them.
 * Costs ceil(queries / 5) Composite calls — two for Task and Event (five parents each) — plus
 * one call per further page of 2,000 rows.
 */
export async function syncRelatedRows(
  db: CacheDb,
  api: SyncApi,
  objects: readonly ObjectDef[],
  options: { userId: string; registry: ObjectRegistry; checkCancelled: () => void },
): Promise<RelatedPassOutcome> {
  const queries = objects.flatMap((def) => relatedQueries(def, options.userId));
  const outcome: RelatedPassOutcome = { upserted: 0, removed: 0, errors: new Map() };
  const seen = new Map<CachedObject, Set<string>>(objects.map((def) => [def.name as CachedObject, new Set<string>()]));
  for (let i = 0; i < queries.length; i += QUERIES_PER_COMPOSITE) {
    options.checkCancelled();
    const batch = queries.slice(i, i + QUERIES_PER_COMPOSITE);
    const answers = await api.composite(batch.map((q) => ({ referenceId: q.referenceId, path: `/query?q=${encodeURIComponent(q.soql)}` })));
    for (const query of batch) {
      if (outcome.errors.has(query.object)) continue;
      try {
        outcome.upserted += await readAnswer(db, api, query, answers.get(query.referenceId), seen.get(query.object) as Set<string>, options);
      } catch (err) {
        if (err instanceof AppError && err.code === 'NETWORK') throw err;
        outcome.errors.set(query.object, err instanceof Error ? err : new Error(String(err)));
      }
    }
  }
  for (const [object, ids] of seen) {
    if (!outcome.errors.has(object)) outcome.removed += removeUnseen(db, object, ids, options.userId);
  }
  return outcome;
}

/** Stores one query's rows, page by page (each page one transaction); returns the rows written. */
async function readAnswer(
  db: CacheDb,
  api: SyncApi,
  query: RelatedQuery,
  answer: CompositeAnswer | undefined,
  seen: Set<string>,
  options: { registry: ObjectRegistry; checkCancelled: () => void },
): Promise<number> {
  if (!answer || answer.status !== 200) throw new AppError('SALESFORCE', refusal(answer));
  const def = options.registry.get(query.object);
  let page = answer.body as QueryPage;
  let written = 0;
  for (;;) {
    const rows = (page.records ?? []).map((r) => normalizeRecord(def, r));
    for (const row of rows) seen.add(String(row.Id));
    db.transaction(() => {
      written += upsertRecords(db, query.object, rows, options.registry);
    })();
    if (page.done || !page.nextRecordsUrl) return written;
    options.checkCancelled();
    page = await api.queryMore(page.nextRecordsUrl);
  }
}

/** Removes cached synced rows owned by others that the pass did not return. */
function removeUnseen(db: CacheDb, object: CachedObject, seen: ReadonlySet<string>, userId: string): number {
  const others = db
    .prepare(`SELECT id FROM records WHERE object = ? AND local_state = 'synced' AND (owner_id IS NULL OR owner_id <> ?)`)
    .pluck()
    .all(object, userId) as string[];
  const gone = others.filter((id) => !seen.has(id));
  if (!gone.length) return 0;
  return db.transaction(() => removeRecords(db, object, gone))();
}

/**
 * For the incremental check: whether a changed row owned by someone else stays, because one of its
 * scope fields points at a cached (hence, in scope "mine", the user's) record of that rule's parents.
 */
export function relatedRowKeeper(db: CacheDb, def: ObjectDef): (row: FlatRecord) => boolean {
  const rules = def.relatedScope ?? [];
  if (!rules.length) return () => false;
  const cached = db.prepare(`SELECT 1 FROM records WHERE object = ? AND id = ? AND local_state <> 'deleted'`).pluck();
  return (row) =>
    rules.some((rule) => {
      const id = row[rule.field];
      return typeof id === 'string' && id !== '' && rule.parents.some((parent) => cached.get(parent, id) !== undefined);
    });
}

function refusal(answer: CompositeAnswer | undefined): string {
  if (!answer) return 'Salesforce did not answer the query of related activities.';
  const first = Array.isArray(answer.body) ? (answer.body[0] as { message?: string } | undefined) : undefined;
  return first?.message
    ? `Salesforce refused the query of related activities: ${first.message}`
    : `Salesforce answered the query of related activities with status ${answer.status}.`;
}
