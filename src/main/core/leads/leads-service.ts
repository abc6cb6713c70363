/**
 * Lead conversion for the active org (`leads:*`). The dialog's options come from the cache; the
 * conversion itself needs the org: Salesforce converts only through the SOAP API's convertLead(),
 * and a conversion is not idempotent (a retried one could convert twice, a second try fails), so
 * it is never queued. It is refused at once while the org is known to be unreachable, and while
 * the outbox still holds a change to the lead (converting first would leave that change to fail on
 * a converted, read-only lead). After a conversion the lead and the records it made or filled are
 * read back into the cache (convert-readback.ts).
 */
import { AppError } from '../../../shared/errors';
import type { ConvertLeadInput, ConvertOptions, ConvertResult } from '../../../shared/ipc/leads.contract';
import type { z } from 'zod';
import type { CachePool } from '../cache/cache-pool';
import { OBJECT_REGISTRY, type ObjectRegistry } from '../cache/objects';
import { orgRegistryOf } from '../cache/org-registry';
import type { ActiveOrg } from '../connections/active-org';
import type { Logger } from '../logger';
import type { OutboxService } from '../outbox/outbox-service';
import type { LeadConvertRequest } from '../salesforce/gateway';
import { mapLeadConvertErrors } from '../salesforce/errors';
import { readConvertOptions } from './convert-options.read';
import { readBackConversion } from './convert-readback';

type Input = z.output<typeof ConvertLeadInput>;

export const CONVERT_OFFLINE_MESSAGE =
  'Converting a lead needs Salesforce, and it is not answering right now. Nothing was changed or queued: convert the lead once you are back online.';
export const CONVERT_PENDING_MESSAGE =
  'This lead has changes that have not reached Salesforce yet. Convert it once they are sent (or discard them under Changes): a converted lead can no longer be edited.';

export interface LeadsService {
  convertOptions(input: { leadId: string }): ConvertOptions;
  convert(input: Input): Promise<ConvertResult>;
}

export interface LeadsServiceDeps {
  activeOrg: Pick<ActiveOrg, 'require' | 'session'>;
  caches: Pick<CachePool, 'cacheFor' | 'guarded'>;
  outbox: Pick<OutboxService, 'status' | 'unsentChanges' | 'reportOffline'>;
  /** The sync scope in force: the read-back keeps what the sync would keep. */
  scope: () => 'mine' | 'all';
  log: Logger;
  registry?: ObjectRegistry;
}

/** The SOAP LeadConvert of the dialog's choices (absent Ids: Salesforce makes the record). */
export function convertRequestOf(input: Input): LeadConvertRequest {
  return {
    leadId: input.leadId,
    convertedStatus: input.convertedStatus,
    ...(input.account.mode === 'existing' ? { accountId: input.account.id } : {}),
    ...(input.contact.mode === 'existing' ? { contactId: input.contact.id } : {}),
    doNotCreateOpportunity: !input.opportunity.create,
    ...(input.opportunity.create ? { opportunityName: input.opportunity.name } : {}),
    ...(input.ownerId ? { ownerId: input.ownerId } : {}),
  };
}

export function createLeadsService(deps: LeadsServiceDeps): LeadsService {
  const registry = deps.registry ?? OBJECT_REGISTRY;
  const online = (connectionId: string) => deps.outbox.status(connectionId).online;

  return {
    convertOptions({ leadId }) {
      const connection = deps.activeOrg.require();
      const db = deps.caches.cacheFor(connection.id);
      const isOnline = online(connection.id);
      return deps.caches.guarded(connection.id, () => readConvertOptions(db, leadId, isOnline));
    },

    async convert(input) {
      const connection = deps.activeOrg.require();
      if (!online(connection.id)) throw new AppError('NETWORK', CONVERT_OFFLINE_MESSAGE);
      if (deps.outbox.unsentChanges(connection.id).changes.some((c) => c.object === 'Lead' && c.recordId === input.leadId)) {
        throw new AppError('INVALID_INPUT', CONVERT_PENDING_MESSAGE);
      }
      const session = await deps.activeOrg.session({ feature: 'records' });
      let outcome;
      try {
        outcome = await session.convertLead(convertRequestOf(input));
      } catch (err) {
        if (err instanceof AppError && err.code === 'NETWORK') {
          // The org stopped answering: the outbox probes until it is back, and the user is told plainly.
          deps.outbox.reportOffline(connection.id);
          throw new AppError('NETWORK', CONVERT_OFFLINE_MESSAGE);
        }
        throw err;
      }
      if (!outcome.success || !outcome.accountId || !outcome.contactId) throw mapLeadConvertErrors(outcome.errors);
      const result: ConvertResult = {
        leadId: outcome.leadId ?? input.leadId,
        accountId: outcome.accountId,
        contactId: outcome.contactId,
        opportunityId: outcome.opportunityId,
      };
      const db = deps.caches.cacheFor(connection.id);
      try {
        await readBackConversion(session, db, { registry: orgRegistryOf(db, registry), result, userId: connection.userId, scope: deps.scope() });
      } catch (err) {
        // The conversion happened: the next sync brings the records if this read could not.
        deps.log.warn('Could not read the converted lead back', err instanceof Error ? err.message : String(err));
      }
      return result;
    },
  };
}
