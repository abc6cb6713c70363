/**
 * Synthetic org caches for the records tests: deterministic rows of the six objects written with
 * the sync engine's own repository functions (so the extracted columns are what a sync stores),
 * and sync_state marked as a finished full sync.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OBJECT_SPECS, normalizeRecord, type CachedObject, type FlatRecord } from '../../../src/main/core/cache/objects';
import { openOrgCache, type CacheDb } from '../../../src/main/core/cache/org-cache';
import { upsertRecords } from '../../../src/main/core/cache/records.repo';
import { ensureObjectIndexes } from '../../../src/main/core/cache/object-indexes';
import { OBJECT_REGISTRY } from '../../../src/shared/objects/registry';
import { readSyncStates, updateSyncState } from '../../../src/main/core/cache/sync-state.repo';

export const ME = '005000000000001AAA';
export const SOMEONE_ELSE = '005000000000002AAA';

/** Mulberry32: small, seeded, good enough for test data. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)], int: (n: number) => Math.floor(next() * n) };
}

const PREFIX: Record<CachedObject, string> = {
  Account: '001',
  Contact: '003',
  Opportunity: '006',
  Lead: '00Q',
  Case: '500',
  Task: '00T',
  Event: '00U',
  Campaign: '701',
};
export const idOf = (object: CachedObject, n: number) => `${PREFIX[object]}${String(n).padStart(12, '0')}AAA`;

export const STAGES = ['Prospecting', 'Qualification', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'];
export const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'];
export const CASE_STATUSES = ['New', 'Working', 'Escalated', 'Closed'];
export const PRIORITIES = ['High', 'Medium', 'Low'];
const WORDS = ['acme', 'Globex', 'initech', 'Umbrella', 'stark', 'Wayne', 'Hooli', 'vandelay', 'Soylent', 'Tyrell', 'Cyberdyne', 'wonka'];
const FIRST = ['Ann', 'bob', 'Chloé', 'dave', 'Eve', 'Frank', 'grace', 'Heidi'];
const CITIES = ['Berlin', 'austin', 'Paris', 'tokyo', null];

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);
const BASE = Date.UTC(2026, 0, 1);

/** Rows of one object, numbered 1..count; `accounts`/`contacts`/`campaigns` bound the references. */
export function syntheticRecords(object: CachedObject, count: number, seed = 1, refs = { accounts: 20, contacts: 40, campaigns: 5 }): FlatRecord[] {
  const r = rng(seed);
  const out: FlatRecord[] = [];
  for (let n = 1; n <= count; n++) {
    const stamp = iso(BASE + n * 1000);
    const owner = r.next() < 0.5 ? ME : SOMEONE_ELSE;
    const accountN = 1 + r.int(refs.accounts);
    const word = `${r.pick(WORDS)} ${n}`;
    const common = {
      Id: idOf(object, n),
      OwnerId: owner,
      'Owner.Name': owner === ME ? 'Me Myself' : 'Other Rep',
      CreatedDate: iso(BASE - r.int(1e9)),
      LastModifiedDate: iso(BASE + r.int(1e9)),
      SystemModstamp: stamp,
    };
    let raw: Record<string, unknown>;
    switch (object) {
      case 'Account':
        raw = {
          ...common,
          Name: word,
          Type: r.pick(['Customer', 'prospect', 'Partner', null]),
          Industry: r.pick(['Banking', 'energy', 'Retail', null]),
          Phone: `555-${n}`,
          BillingCity: r.pick(CITIES),
          BillingCountry: 'DE',
          AnnualRevenue: r.next() < 0.2 ? null : r.int(1e7),
        };
        break;
      case 'Contact': {
        const first = r.pick(FIRST);
        raw = {
          ...common,
          FirstName: first,
          LastName: word,
          Name: `${first} ${word}`,
          Title: r.pick(['CEO', 'cto', 'Buyer', null]),
          Email: r.next() < 0.1 ? null : `c${n}@example.com`,
          AccountId: idOf('Account', accountN),
          Account: { Name: `${WORDS[accountN % WORDS.length]} ${accountN}` },
        };
        break;
      }
      case 'Opportunity': {
        const stage = r.pick(STAGES);
        raw = {
          ...common,
          Name: `Deal ${word}`,
          AccountId: idOf('Account', accountN),
          Account: { Name: `${WORDS[accountN % WORDS.length]} ${accountN}` },
          StageName: stage,
          Amount: r.next() < 0.1 ? null : r.int(100_000),
          Probability: 10,
          CloseDate: day(BASE + r.int(365) * 86_400_000),
          IsClosed: stage.startsWith('Closed'),
          IsWon: stage === 'Closed Won',
          CampaignId: r.next() < 0.3 ? idOf('Campaign', 1 + r.int(refs.campaigns)) : null,
        };
        break;
      }
      case 'Lead': {
        const status = r.pick(LEAD_STATUSES);
        raw = {
          ...common,
          FirstName: r.pick(FIRST),
          LastName: word,
          Name: word,
          Company: `${r.pick(WORDS)} Ltd`,
          Email: `l${n}@example.com`,
          Status: status,
          IsConverted: status === 'Closed - Converted',
        };
        break;
      }
      case 'Case': {
        const status = r.pick(CASE_STATUSES);
        const contactN = 1 + r.int(refs.contacts);
        raw = {
          ...common,
          CaseNumber: String(n).padStart(8, '0'),
          Subject: `Problem ${word}`,
          Status: status,
          Priority: r.pick(PRIORITIES),
          Origin: 'Web',
          AccountId: idOf('Account', accountN),
          ContactId: idOf('Contact', contactN),
          IsClosed: status === 'Closed',
        };
        break;
      }
      case 'Campaign':
        raw = {
          ...common,
          Name: `Campaign ${word}`,
          Type: r.pick(['Webinar', 'email', 'Trade Show']),
          Status: r.pick(['Planned', 'In Progress', 'Completed']),
          StartDate: day(BASE + r.int(100) * 86_400_000),
          IsActive: r.next() < 0.5,
          ExpectedRevenue: r.int(50_000),
        };
        break;
      case 'Task':
        raw = {
          ...common,
          Subject: `Call ${word}`,
          Status: r.pick(['Not Started', 'Completed']),
          Priority: r.pick(['High', 'Normal', 'Low']),
          ActivityDate: day(BASE + r.int(100) * 86_400_000),
          TaskSubtype: r.pick(['Task', 'Call']),
          WhoId: idOf('Contact', 1 + r.int(refs.contacts)),
        };
        break;
      case 'Event': {
        const start = BASE + r.int(100) * 86_400_000;
        raw = {
          ...common,
          Subject: `Meeting ${word}`,
          StartDateTime: new Date(start).toISOString(),
          EndDateTime: new Date(start + 3_600_000).toISOString(),
          ActivityDate: day(start),
          WhatId: idOf('Account', 1 + r.int(refs.accounts)),
        };
        break;
      }
    }
    out.push(normalizeRecord(OBJECT_SPECS[object], raw));
  }
  return out;
}

/** A cache as the app opens it: migrated, with the registry's per-object indexes (the cache pool creates those). */
export function openTempCache(): { db: CacheDb; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'atom-records-'));
  const db = openOrgCache(dir, 'conn-1');
  ensureObjectIndexes(db, OBJECT_REGISTRY);
  return { db, dir };
}

/** Stores rows as a finished full sync would, `syncedAt` being its end. */
export function fillCache(db: CacheDb, object: CachedObject, records: FlatRecord[], syncedAt = new Date().toISOString()): void {
  db.transaction(() => {
    readSyncStates(db, 'mine');
    for (let i = 0; i < records.length; i += 1000) upsertRecords(db, object, records.slice(i, i + 1000));
    updateSyncState(db, object, { phase: 'incremental', lastFullSyncAt: syncedAt });
  })();
}
