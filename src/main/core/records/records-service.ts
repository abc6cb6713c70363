/**
 * The read side of the CRM workspace for the active org: cached lists and details, form metadata,
 * and the re-validation of record writes against the org's describe.
 *
 * Lists and details never call Salesforce: the cache answers, online or not. The only live read is
 * a campaign's member counts (CampaignMember is not synced), bounded in time so an unreachable org
 * cannot hold a detail page. Describes are fetched live too (then cached). A live read that fails
 * with a network error tells the outbox (`reportOffline`), so the Online badge flips at once rather
 * than at the next write; the outbox's probe flips it back. Our own time limit is not reported: a
 * slow org is not an offline one, and calling it offline would hold writes back in the queue.
 */
import { AppError } from '../../../shared/errors';
import { validateRecordValues, type FieldValue, type ValidationMode } from '../../../shared/forms/record-validation';
import type { CampaignMemberCounts, FormMeta, RecordDetail, RecordListPage } from '../../../shared/ipc/records.contract';
import type { CacheDb } from '../cache/org-cache';
import { createDescribeCache, type DescribeCache, type DescribeFetcher } from '../describe/describe-cache';
import { sessionDescribeFetcher } from '../describe/describe-fetcher';
import type { Logger } from '../logger';
import { soqlId } from '../salesforce/soql';
import type { ActiveOrg } from '../connections/active-org';
import { normalizeRecord, OBJECT_REGISTRY, type ObjectRegistry } from '../cache/objects';
import { orgRegistryOf } from '../cache/org-registry';
import { upsertRecords } from '../cache/records.repo';
import { listRecords, pendingChanges, readRecord, recordFreshnessOf, relatedLists } from './records-read';
import type { CrmObject, ParsedListQuery } from './types';

/** How long a detail page or a write waits on Salesforce for what the cache does not have. */
export const LIVE_WAIT_MS = 4_000;

export interface RecordsService {
  list(query: ParsedListQuery): RecordListPage;
  get(input: { object: CrmObject; id: string }): Promise<RecordDetail>;
  /** Reads one record from the org into the cache, then answers as `get` (see `records:fetch`). */
  fetch(input: { object: CrmObject; id: string }): Promise<RecordDetail>;
  form(input: { object: CrmObject }): Promise<FormMeta>;
  /**
   * For record writes (the outbox's records:create|update): checks values against the org's
   * describe and returns them cleaned; INVALID_INPUT with the fields otherwise. Uses the stored
   * describe whatever its age; when there is none and it cannot be fetched within LIVE_WAIT_MS
   * (offline), the values pass unchanged: Salesforce checks them when the outbox sends them.
   */
  validateWrite(connectionId: string, object: CrmObject, values: Record<string, unknown>, mode: ValidationMode): Promise<Record<string, FieldValue>>;
}

export interface RecordsServiceDeps {
  cacheFor(connectionId: string): CacheDb;
  /** The active connection (NOT_CONNECTED when none) and its Salesforce session (starts the Demo org when needed). */
  activeOrg: Pick<ActiveOrg, 'require' | 'session'>;
  /** The objects the cache keeps and their list rows (default: the shared registry). */
  registry?: ObjectRegistry;
  log: Logger;
  /** A live read of this connection's org failed with a network error. */
  reportOffline?: (connectionId: string) => void;
  describeCache?: DescribeCache;
  /** Test hook: how describes are requested (default: through `session`). */
  describeFetcher?: DescribeFetcher;
  liveWaitMs?: number;
}

const LOCAL_ID = /^local-/;

/** Our own time limit on a live read: NETWORK to the caller, but not evidence that the org is offline. */
class LiveReadTimeout extends AppError {
  constructor() {
    super('NETWORK', 'Salesforce did not answer in time.');
  }
}

/** A failure that means the org could not be reached (connection refused, reset, DNS…). */
const isNetworkFailure = (err: unknown) => err instanceof AppError && err.code === 'NETWORK' && !(err instanceof LiveReadTimeout);

/** Rejects with NETWORK when `work` takes longer than `ms` (an unreachable org can hang for a minute). */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LiveReadTimeout()), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createRecordsService(deps: RecordsServiceDeps): RecordsService {
  const describes = deps.describeCache ?? createDescribeCache({ registry: deps.registry });
  const registry = deps.registry ?? OBJECT_REGISTRY;
  const session = () => deps.activeOrg.session({ feature: 'records' });
  const baseFetcher = deps.describeFetcher ?? sessionDescribeFetcher(session);
  const timeoutMs = deps.liveWaitMs ?? LIVE_WAIT_MS;

  const noteFailure = (connectionId: string, err: unknown) => {
    if (!isNetworkFailure(err)) return;
    try {
      deps.reportOffline?.(connectionId);
    } catch (reportErr) {
      // The read's own answer matters more than the badge.
      deps.log.warn('Could not report the org offline', reportErr instanceof Error ? reportErr.message : String(reportErr));
    }
  };
  /** The describe fetcher of one connection, reporting network failures. */
  const fetcherFor =
    (connectionId: string): DescribeFetcher =>
    async (object, ifModifiedSince) => {
      try {
        return await baseFetcher(object, ifModifiedSince);
      } catch (err) {
        noteFailure(connectionId, err);
        throw err;
      }
    };

  const memberCounts = async (connectionId: string, campaignId: string): Promise<CampaignMemberCounts> => {
    if (LOCAL_ID.test(campaignId)) {
      return { state: 'unavailable-offline', message: 'Member counts appear once the campaign is saved to Salesforce.' };
    }
    const soql = `SELECT Status, COUNT(Id) memberCount FROM CampaignMember WHERE CampaignId = ${soqlId(campaignId)} GROUP BY Status`;
    try {
      const result = await withTimeout(
        session().then((s) => s.query<{ Status: string | null; memberCount: number }>(soql)),
        timeoutMs,
      );
      const byStatus = result.records
        .map((r) => ({ status: r.Status ?? '(none)', count: Number(r.memberCount) || 0 }))
        .sort((a, b) => b.count - a.count || a.status.localeCompare(b.status));
      return { state: 'live', total: byStatus.reduce((sum, s) => sum + s.count, 0), byStatus };
    } catch (err) {
      noteFailure(connectionId, err);
      const code = err instanceof AppError ? err.code : 'INTERNAL';
      if (code === 'NETWORK' || code === 'SESSION_EXPIRED' || code === 'NOT_CONNECTED') {
        return { state: 'unavailable-offline', message: 'Member counts need a connection to Salesforce; they are not kept offline.' };
      }
      deps.log.warn('Campaign member counts failed', err instanceof Error ? err.message : String(err));
      return { state: 'error', message: err instanceof AppError ? err.message : 'Salesforce could not count the members.' };
    }
  };

  /**
   * One record by Id from the org, every field the cache keeps (the org's own registry: optional
   * fields such as CurrencyIsoCode only where the org has them). Stored like a synced row, so a
   * pending local change of it is left to the outbox.
   */
  const fetchIntoCache = async (connectionId: string, db: CacheDb, object: CrmObject, id: string): Promise<void> => {
    const orgRegistry = orgRegistryOf(db, registry);
    const def = orgRegistry.get(object);
    const soql = `SELECT ${def.fields.map((f) => f.name).join(', ')} FROM ${object} WHERE Id = ${soqlId(id)}`;
    let found: Array<Record<string, unknown>>;
    try {
      found = (
        await withTimeout(
          session().then((s) => s.query<Record<string, unknown>>(soql)),
          timeoutMs,
        )
      ).records;
    } catch (err) {
      noteFailure(connectionId, err);
      if (err instanceof AppError && err.code === 'NETWORK') {
        throw new AppError('NETWORK', 'Salesforce could not be reached, so the record could not be fetched. Try again when you are online.');
      }
      throw err;
    }
    if (found.length === 0) {
      throw new AppError('NOT_FOUND', `Salesforce has no ${object} with this Id that you can see: it may have been deleted, or not shared with you.`);
    }
    db.transaction(() => upsertRecords(db, object, [normalizeRecord(def, found[0])], orgRegistry))();
  };

  const detailOf = async (connectionId: string, db: CacheDb, object: CrmObject, id: string): Promise<RecordDetail> => {
    const cached = readRecord(db, object, id, registry);
    if (!cached || cached.localState === 'deleted') {
      throw new AppError(
        'NOT_FOUND',
        cached ? `This ${object} is being deleted.` : `This ${object} is not in the local cache. It may be outside what you sync, or not synced yet.`,
      );
    }
    const related = relatedLists(db, object, id, cached.record) as RecordDetail['related'];
    if (object === 'Campaign') related.campaignMembers = await memberCounts(connectionId, id);
    return {
      object,
      id,
      record: cached.record,
      localState: cached.localState,
      pendingChanges: pendingChanges(db, connectionId, object, id),
      related,
      freshness: recordFreshnessOf(db, object, id),
    };
  };

  return {
    list(query) {
      const connection = deps.activeOrg.require();
      return listRecords(deps.cacheFor(connection.id), query, connection.userId, new Date(), registry);
    },

    async get({ object, id }) {
      const connection = deps.activeOrg.require();
      return detailOf(connection.id, deps.cacheFor(connection.id), object, id);
    },

    async fetch({ object, id }) {
      const connection = deps.activeOrg.require();
      const db = deps.cacheFor(connection.id);
      await fetchIntoCache(connection.id, db, object, id);
      return detailOf(connection.id, db, object, id);
    },

    form({ object }) {
      const connection = deps.activeOrg.require();
      return describes.form(deps.cacheFor(connection.id), object, fetcherFor(connection.id));
    },

    async validateWrite(connectionId, object, values, mode) {
      // A write must not wait on the network: any stored copy will do (even past its TTL); only
      // when there is none is the describe fetched, briefly, and the check skipped if it cannot be.
      const db = deps.cacheFor(connectionId);
      let fields = describes.cached(db, object)?.fields;
      if (!fields) {
        try {
          fields = (await withTimeout(describes.describe(db, object, fetcherFor(connectionId)), timeoutMs)).stored.fields;
        } catch (err) {
          deps.log.debug(`No describe of ${object} to check a ${mode} against`, err instanceof Error ? err.message : String(err));
          return values as Record<string, FieldValue>;
        }
      }
      const result = validateRecordValues({ fields }, values, mode, { unknownFields: 'pass' });
      if (!result.ok) throw new AppError('INVALID_INPUT', result.message, [...new Set(result.issues.map((i) => i.field))]);
      return result.values;
    },
  };
}
