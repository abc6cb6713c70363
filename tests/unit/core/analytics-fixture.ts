/**
 * Org caches for the cockpit's tests and bench, filled through the app's own write path
 * (upsertRecords with the registry, upsertHistory, the reference-data writers), so the typed
 * columns are what a sync stores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_COCKPIT_SETTINGS, type CockpitSettings } from '../../../src/shared/ipc/analytics.contract';
import { buildContext, type AnalyticsContext } from '../../../src/main/core/analytics/context';
import { deferIndexes, finishIndexes } from '../../../src/main/core/cache/deferred-indexes';
import { ensureObjectIndexes } from '../../../src/main/core/cache/object-indexes';
import { normalizeRecord, OBJECT_REGISTRY, OBJECT_SPECS, type FlatRecord } from '../../../src/main/core/cache/objects';
import { openOrgCache, type CacheDb } from '../../../src/main/core/cache/org-cache';
import { upsertRecords } from '../../../src/main/core/cache/records.repo';
import {
  upsertHistory,
  writeOrgSettings,
  writeStagesAndStatuses,
  type HistoryRow,
  type LeadStatusRow,
  type StageRow,
} from '../../../src/main/core/cache/reference.repo';
import { readSyncStates, updateSyncState } from '../../../src/main/core/cache/sync-state.repo';
import { rng } from './records-fixture';

export const ME = '005000000000001AAA';
export const OTHER = '005000000000002AAA';

export interface TestCache {
  db: CacheDb;
  close(): void;
}

export function openTestCache(): TestCache {
  const dir = mkdtempSync(join(tmpdir(), 'atom-analytics-'));
  const db = openOrgCache(dir, 'c');
  // As the cache pool opens a cache: the registry's indexes (the cockpit's covering ones among them).
  ensureObjectIndexes(db, OBJECT_REGISTRY);
  readSyncStates(db, 'all');
  return {
    db,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let stamp = 0;
const nextStamp = () => new Date(Date.UTC(2026, 0, 1) + ++stamp * 1000).toISOString();

/** An Opportunity as the sync stores it (normalized by the registry), with defaults for what a test leaves out. */
export function opportunity(id: string, fields: Record<string, unknown>): FlatRecord {
  return normalizeRecord(OBJECT_SPECS.Opportunity, {
    Id: id,
    Name: `Deal ${id.slice(-6)}`,
    OwnerId: ME,
    Owner: { Name: fields.OwnerId === OTHER ? 'Other Rep' : 'Me Myself' },
    CreatedDate: '2026-01-01T12:00:00.000Z',
    LastModifiedDate: '2026-01-01T12:00:00.000Z',
    SystemModstamp: nextStamp(),
    IsClosed: false,
    IsWon: false,
    ...fields,
  });
}

export function lead(id: string, fields: Record<string, unknown>): FlatRecord {
  return normalizeRecord(OBJECT_SPECS.Lead, {
    Id: id,
    Name: `Lead ${id.slice(-6)}`,
    LastName: `Lead ${id.slice(-6)}`,
    Company: 'Co',
    OwnerId: ME,
    CreatedDate: '2026-01-01T12:00:00.000Z',
    LastModifiedDate: '2026-01-01T12:00:00.000Z',
    SystemModstamp: nextStamp(),
    IsConverted: false,
    ...fields,
  });
}

export const oppId = (n: number) => `006${String(n).padStart(12, '0')}AAA`;
export const leadId = (n: number) => `00Q${String(n).padStart(12, '0')}AAA`;
export const historyId = (n: number) => `008${String(n).padStart(12, '0')}AAA`;

export function putOpportunities(db: CacheDb, records: FlatRecord[]): void {
  db.transaction(() => upsertRecords(db, 'Opportunity', records))();
  updateSyncState(db, 'Opportunity', { phase: 'incremental', lastFullSyncAt: '2026-05-20T06:00:00.000Z' });
}

export function putLeads(db: CacheDb, records: FlatRecord[]): void {
  db.transaction(() => upsertRecords(db, 'Lead', records))();
  updateSyncState(db, 'Lead', { phase: 'incremental', lastFullSyncAt: '2026-05-20T06:00:00.000Z' });
}

export function putHistory(db: CacheDb, rows: Array<Partial<HistoryRow> & { id: string; opportunityId: string; createdDate: string }>): void {
  const full = rows.map((r) => ({
    stageName: null,
    amount: null,
    probability: null,
    closeDate: null,
    forecastCategory: null,
    prevAmount: null,
    prevCloseDate: null,
    systemModstamp: r.createdDate,
    ...r,
  }));
  db.transaction(() => upsertHistory(db, full))();
}

/** A small sales process in the org's own order, with an inactive stage old deals still sit in. */
export const TEST_STAGES: StageRow[] = [
  ['Prospecting', 10, 'Pipeline'],
  ['Qualification', 20, 'Pipeline'],
  ['Proposal', 50, 'Best Case'],
  ['Negotiation', 80, 'Commit'],
  ['Closed Won', 100, 'Closed'],
  ['Closed Lost', 0, 'Omitted'],
  ['Old Stage', 30, 'Pipeline'],
].map(([name, p, fc], i) => ({
  name: name as string,
  label: `${name as string} label`,
  sortOrder: i + 1,
  isActive: name !== 'Old Stage',
  isClosed: String(name).startsWith('Closed'),
  isWon: name === 'Closed Won',
  defaultProbability: p as number,
  forecastCategory: fc as string,
}));

export const TEST_LEAD_STATUSES: LeadStatusRow[] = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'].map(
  (name, i) => ({ name, label: name, sortOrder: (i + 1) * 10, isConverted: name === 'Closed - Converted', isDefault: i === 0 }),
);

export function writeOrg(db: CacheDb, options: { startMonth?: number; currencies?: string[] } = {}): void {
  db.transaction(() => {
    writeStagesAndStatuses(db, TEST_STAGES, TEST_LEAD_STATUSES);
    writeOrgSettings(db, {
      fiscalYearStartMonth: options.startMonth ?? 1,
      usesStartDateAsFiscalYearName: false,
      multiCurrency: (options.currencies?.length ?? 0) > 0,
      currencies: (options.currencies ?? []).map((isoCode, i) => ({ isoCode, isCorporate: i === 0, conversionRate: 1, decimalPlaces: 2 })),
      refreshedAt: '2026-05-20T06:00:00.000Z',
    });
  })();
}

/** The context of a read at noon (local time) of `today`. */
export function contextOf(db: CacheDb, today: string, settings: Partial<CockpitSettings> = {}): AnalyticsContext {
  const [y, m, d] = today.split('-').map(Number);
  return buildContext(db, { now: new Date(y, m - 1, d, 12), userId: ME, settings: { ...structuredClone(DEFAULT_COCKPIT_SETTINGS), ...settings } });
}

// ---- a seeded pipeline at scale (randomized tests, bench/analytics.bench.ts) ----------------------

export interface GeneratedPipeline {
  opportunities: number;
  history: number;
  leads: number;
  owners: string[];
}

const OPEN_STAGES = TEST_STAGES.filter((s) => s.isActive && !s.isClosed);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;

/** One deal's history from its creation to now: stage moves, amount changes, close date pushes; its current values last. */
function dealHistory(r: ReturnType<typeof rng>, id: string, todayMs: number, first: number) {
  const created = todayMs - (30 + r.int(700)) * DAY + r.int(DAY);
  let t = created;
  let stage = 0;
  let amount = 1000 * (1 + r.int(200));
  let close = created + (20 + r.int(200)) * DAY;
  let stageChanged = created;
  const rows: HistoryRow[] = [];
  const push = (prevAmount: number | null, prevClose: number | null, stageName: string) => {
    const def = TEST_STAGES.find((s) => s.name === stageName)!;
    rows.push({
      id: historyId(first + rows.length),
      opportunityId: id,
      createdDate: new Date(t).toISOString(),
      stageName,
      amount,
      probability: def.defaultProbability,
      closeDate: day(close),
      forecastCategory: def.forecastCategory,
      prevAmount,
      prevCloseDate: prevClose === null ? null : day(prevClose),
      systemModstamp: new Date(t).toISOString(),
    });
  };
  push(null, null, OPEN_STAGES[0].name);
  let name = OPEN_STAGES[0].name;
  for (let steps = r.int(9); steps > 0 && t < todayMs - DAY; steps--) {
    t = Math.min(todayMs - 1000, t + (1 + r.int(40)) * DAY);
    const [prevAmount, prevClose] = [amount, close];
    const roll = r.next();
    if (roll < 0.35 && stage < OPEN_STAGES.length - 1) {
      name = OPEN_STAGES[++stage].name;
      stageChanged = t;
    } else if (roll < 0.55) amount = Math.max(500, amount + 500 * (r.int(9) - 4));
    else if (roll < 0.75) close += (10 + r.int(90)) * DAY;
    else if (roll < 0.82) close -= r.int(30) * DAY;
    else if (roll < 0.92) {
      name = r.next() < 0.5 ? 'Closed Won' : 'Closed Lost';
      stageChanged = t;
      steps = 1;
    }
    push(prevAmount, prevClose, name);
  }
  return { created, rows, stage: name, amount, close, stageChanged };
}

/**
 * `count` opportunities with their OpportunityHistory (about five rows each), owned by `owners`
 * reps (the first is ME), and `count / 3` leads; written in pages of 2,000 as a sync writes them.
 */
export function generatePipeline(
  db: CacheDb,
  options: { count: number; seed: number; today: string; owners?: number; currencies?: string[] },
): GeneratedPipeline {
  const r = rng(options.seed);
  const todayMs = Date.parse(options.today);
  const owners = [ME, ...Array.from({ length: (options.owners ?? 20) - 1 }, (_, i) => `005${String(i + 10).padStart(12, '0')}AAA`)];
  let historyCount = 0;
  // Written as a first full sync writes: secondary indexes and FTS built once at the end.
  deferIndexes(db);
  for (let start = 0; start < options.count; start += 2000) {
    const records: FlatRecord[] = [];
    const history: HistoryRow[] = [];
    for (let n = start; n < Math.min(options.count, start + 2000); n++) {
      const id = oppId(n + 1);
      const h = dealHistory(r, id, todayMs, historyCount + 1);
      historyCount += h.rows.length;
      history.push(...h.rows);
      const def = TEST_STAGES.find((s) => s.name === h.stage)!;
      const owner = owners[r.int(owners.length)];
      records.push(
        opportunity(id, {
          OwnerId: owner,
          Owner: { Name: `Rep ${owner.slice(-7, -3)}` },
          AccountId: `001${String(1 + r.int(5000)).padStart(12, '0')}AAA`,
          Account: { Name: `Account ${r.int(5000)}` },
          StageName: h.stage,
          Amount: h.amount,
          Probability: def.defaultProbability,
          CloseDate: day(h.close),
          ForecastCategoryName: def.forecastCategory,
          IsClosed: def.isClosed,
          IsWon: def.isWon,
          CreatedDate: new Date(h.created).toISOString(),
          LastActivityDate: r.next() < 0.8 ? day(todayMs - r.int(60) * DAY) : null,
          // Salesforce sets LastStageChangeDate on create and on each stage change; one deal in fifty
          // without it (a row cached before the field was read) takes its days in stage from the history.
          LastStageChangeDate: r.next() < 0.98 ? new Date(h.stageChanged).toISOString() : null,
          CurrencyIsoCode: options.currencies ? options.currencies[r.int(options.currencies.length)] : null,
        }),
      );
    }
    db.transaction(() => {
      upsertRecords(db, 'Opportunity', records);
      upsertHistory(db, history);
    })();
  }
  const leads = generateLeads(db, Math.floor(options.count / 3), r, todayMs, owners);
  finishIndexes(db);
  readSyncStates(db, 'all');
  updateSyncState(db, 'Opportunity', { phase: 'incremental', lastFullSyncAt: new Date(todayMs).toISOString() });
  updateSyncState(db, 'Lead', { phase: 'incremental', lastFullSyncAt: new Date(todayMs).toISOString() });
  return { opportunities: options.count, history: historyCount, leads, owners };
}

function generateLeads(db: CacheDb, count: number, r: ReturnType<typeof rng>, todayMs: number, owners: string[]): number {
  for (let start = 0; start < count; start += 2000) {
    const records: FlatRecord[] = [];
    for (let n = start; n < Math.min(count, start + 2000); n++) {
      const created = todayMs - r.int(700) * DAY - r.int(DAY);
      const status = TEST_LEAD_STATUSES[r.int(TEST_LEAD_STATUSES.length)];
      const converted = status.isConverted;
      records.push(
        lead(leadId(n + 1), {
          OwnerId: owners[r.int(owners.length)],
          Status: status.name,
          LeadSource: r.pick(['Web', 'Phone Inquiry', 'Partner Referral', 'Trade Show', null]),
          CreatedDate: new Date(created).toISOString(),
          IsConverted: converted,
          ConvertedDate: converted ? day(Math.min(todayMs, created + r.int(90) * DAY)) : null,
          ConvertedOpportunityId: converted && r.next() < 0.8 ? oppId(1 + r.int(1000)) : null,
          LastActivityDate: r.next() < 0.6 ? day(todayMs - r.int(200) * DAY) : null,
        }),
      );
    }
    db.transaction(() => upsertRecords(db, 'Lead', records))();
  }
  return count;
}
