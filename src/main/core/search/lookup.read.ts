/**
 * The quick lookup over the local cache: the search-as-you-type of search.read.ts (every word a
 * prefix, over name, email, phone, company and account name), grouped by object in the registry's
 * order, each group with its total and its best few records carrying what a rep wants at a glance.
 *
 * One FTS5 pass over the matches counts them per object and keeps each object's first candidates
 * (row-objects.ts: no row is read per match); a second pass over the name column alone does the
 * same for the candidates when an object has more matches than candidates, so a name that starts
 * with the text is not lost among matches on email or account name. That pass stops as soon as
 * every such object has its candidates (for a short, common prefix, long before the last match). Only the candidates' rows are
 * read: ranked like the global search (name starting with the text first, then shorter names, then
 * name order), and the few shown read their glance fields from their JSON.
 */
import type { LookupGroup, LookupRecord } from '../../../shared/ipc';
import { OBJECT_REGISTRY, type CachedObject, type ObjectDef, type ObjectRegistry } from '../cache/objects';
import type { CacheDb } from '../cache/org-cache';
import { areIndexesDeferred } from '../cache/deferred-indexes';
import { ftsPrefixQuery, scanMatch } from '../cache/records.read';
import { NO_OBJECT, rowObjectsOf } from './row-objects';

export interface LookupOptions {
  /** Records shown per object (default 5). */
  perObject?: number;
  objects?: readonly CachedObject[];
  registry?: ObjectRegistry;
}

/** How many of an object's matches are ranked to choose the few shown. */
const CANDIDATES = 40;

type GlanceKey = Exclude<keyof LookupRecord, 'id' | 'title'>;

/**
 * Where each glance value comes from, per object: Salesforce fields, the first non-empty wins.
 * Objects not listed (an extended registry's) show their phone, email, account and company columns.
 */
const GLANCE: Partial<Record<string, Partial<Record<GlanceKey, readonly string[]>>>> = {
  Account: { phone: ['Phone'] },
  Contact: { phone: ['Phone', 'MobilePhone'], email: ['Email'], accountName: ['Account.Name'], jobTitle: ['Title'] },
  Opportunity: { accountName: ['Account.Name'], stage: ['StageName'], amount: ['Amount'], currency: ['CurrencyIsoCode'], date: ['CloseDate'] },
  Lead: { phone: ['Phone', 'MobilePhone'], email: ['Email'], company: ['Company'], jobTitle: ['Title'], status: ['Status'] },
  Case: { caseNumber: ['CaseNumber'], status: ['Status'], accountName: ['Account.Name'], phone: ['SuppliedPhone'], email: ['SuppliedEmail'] },
  Task: { status: ['Status'], date: ['ActivityDate'] },
  Event: { date: ['ActivityDate'] },
  Campaign: { status: ['Status'] },
};

function glanceOf(def: ObjectDef): Partial<Record<GlanceKey, readonly string[]>> {
  const known = GLANCE[def.name];
  if (known) return known;
  const from = (field: string | undefined) => (field ? [field] : undefined);
  return { phone: from(def.columns.phone), email: from(def.columns.email), accountName: from(def.columns.accountName), company: from(def.columns.company) };
}

interface Candidates {
  totals: number[];
  rids: number[][];
}

/** Counts the matches per object and keeps each object's first CANDIDATES rowids (name matches first when an object has more). */
function collect(db: CacheDb, match: string, names: readonly CachedObject[]): Candidates {
  const rows = rowObjectsOf(db, names);
  const totals = names.map(() => 0);
  const rids: number[][] = names.map(() => []);
  const nameRids: number[][] = names.map(() => []);
  rows.scan(`SELECT count(atom_row(rowid)) FROM records_fts WHERE records_fts MATCH ?`, [match], (rid) => {
    const code = rows.codeOf(rid);
    if (code === NO_OBJECT) return;
    totals[code]++;
    if (rids[code].length < CANDIDATES) rids[code].push(rid);
  });
  let wanting = totals.filter((total) => total > CANDIDATES).length;
  if (wanting > 0) {
    rows.scan(`SELECT 1 FROM records_fts WHERE records_fts MATCH ? AND atom_row(rowid) LIMIT 1`, [`{name} : (${match})`], (rid) => {
      const code = rows.codeOf(rid);
      if (code === NO_OBJECT || totals[code] <= CANDIDATES || nameRids[code].length >= CANDIDATES) return false;
      nameRids[code].push(rid);
      if (nameRids[code].length === CANDIDATES) wanting--;
      return wanting === 0;
    });
  }
  return {
    totals,
    rids: rids.map((first, code) => (totals[code] > CANDIDATES ? [...new Set([...nameRids[code], ...first])].slice(0, CANDIDATES) : first)),
  };
}

/** While a first load defers the FTS index (deferred-indexes.ts) the columns are scanned instead, as search.read.ts does. */
function collectByScan(db: CacheDb, text: string, names: readonly CachedObject[]): Candidates | null {
  const scan = scanMatch(text);
  if (!scan) return null;
  const codes = new Map(names.map((name, code) => [name as string, code]));
  const totals = names.map(() => 0);
  const rids: number[][] = names.map(() => []);
  const rows = db
    .prepare(`SELECT rid, object FROM records WHERE ${scan.sql} AND local_state <> 'deleted'`)
    .raw()
    .all(...scan.params) as Array<[number, string]>;
  for (const [rid, object] of rows) {
    const code = codes.get(object);
    if (code === undefined) continue;
    totals[code]++;
    if (rids[code].length < CANDIDATES) rids[code].push(rid);
  }
  return { totals, rids };
}

interface CandidateRow {
  rid: number;
  object: CachedObject;
  id: string;
  name: string | null;
  email: string | null;
}

function readCandidates(db: CacheDb, rids: readonly number[]): CandidateRow[] {
  if (rids.length === 0) return [];
  return db.prepare(`SELECT rid, object, id, name, email FROM records WHERE rid IN (${rids.map(() => '?').join(', ')})`).all(...rids) as CandidateRow[];
}

/** The search.read.ts order: names starting with the text first, then shorter names, then name order. */
function rank(rows: CandidateRow[], text: string): Array<CandidateRow & { title: string }> {
  const first = text.trim().toLowerCase();
  const score = (title: string) => (title.toLowerCase().startsWith(first) ? 0 : 1);
  return rows
    .map((row) => ({ ...row, title: row.name ?? row.email ?? row.id }))
    .sort((a, b) => score(a.title) - score(b.title) || a.title.length - b.title.length || a.title.localeCompare(b.title));
}

const textOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

function recordOf(def: ObjectDef, row: { id: string; title: string; fields: string }): LookupRecord {
  let fields: Record<string, unknown> = {};
  try {
    fields = JSON.parse(row.fields) as Record<string, unknown>;
  } catch {
    // A damaged row still shows its name; the cache's own checks report the damage.
  }
  const glance = glanceOf(def);
  const pick = (key: GlanceKey): unknown => (glance[key] ?? []).map((field) => fields[field]).find((v) => v !== null && v !== undefined && v !== '');
  const amount = pick('amount');
  return {
    id: row.id,
    title: row.title,
    phone: textOf(pick('phone')),
    email: textOf(pick('email')),
    accountName: textOf(pick('accountName')),
    company: textOf(pick('company')),
    jobTitle: textOf(pick('jobTitle')),
    stage: textOf(pick('stage')),
    amount: typeof amount === 'number' && Number.isFinite(amount) ? amount : null,
    currency: textOf(pick('currency')),
    caseNumber: textOf(pick('caseNumber')),
    status: textOf(pick('status')),
    date: textOf(pick('date')),
  };
}

export function lookupCache(db: CacheDb, text: string, options: LookupOptions = {}): LookupGroup[] {
  const match = ftsPrefixQuery(text);
  if (!match) return [];
  const registry = options.registry ?? OBJECT_REGISTRY;
  const perObject = Math.max(1, Math.min(options.perObject ?? 5, 20));
  const wanted = options.objects?.length ? new Set<string>(options.objects) : null;
  // Rows of objects the registry no longer knows stay out, whatever was asked.
  const names = registry.names;
  const found = areIndexesDeferred(db) ? collectByScan(db, text, names) : collect(db, match, names);
  if (!found) return [];

  const groups: LookupGroup[] = [];
  const shown = new Map<number, { object: CachedObject; title: string }>();
  names.forEach((object, code) => {
    if (found.totals[code] === 0 || (wanted && !wanted.has(object))) return;
    const best = rank(readCandidates(db, found.rids[code]), text).slice(0, perObject);
    for (const row of best) shown.set(row.rid, { object, title: row.title });
    groups.push({ object, total: found.totals[code], records: [] });
  });
  if (shown.size === 0) return groups;
  const rows = db.prepare(`SELECT rid, id, fields FROM records WHERE rid IN (${[...shown.keys()].map(() => '?').join(', ')})`).all(...shown.keys()) as Array<{
    rid: number;
    id: string;
    fields: string;
  }>;
  const byRid = new Map(rows.map((row) => [row.rid, row]));
  for (const group of groups) {
    const def = registry.get(group.object);
    for (const [rid, { object, title }] of shown) {
      const row = byRid.get(rid);
      if (object === group.object && row) group.records.push(recordOf(def, { id: row.id, title, fields: row.fields }));
    }
  }
  return groups;
}
