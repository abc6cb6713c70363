/**
 * The active org: which connection is active, a Salesforce session for it, and NOT_CONNECTED when
 * there is none. One place for what app-core, sync, records and the outbox used to each work out
 * from the connections table.
 *
 * The Demo org's emulator runs only once something needs it: a session of a demo connection
 * starts it first (and points stored demo connections at its port, which changes per start).
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { DemoOrgHost } from '../demo/demo-org';
import type { CallUse, SalesforceGateway, SalesforceSession } from '../salesforce/gateway';
import {
  getActiveConnection,
  getConnection,
  listConnections,
  NOT_CONNECTED_MESSAGE,
  updateEndpoints,
  type ConnectionRecord,
} from '../storage/connections.repo';

export interface ActiveOrg {
  /** The active connection, or undefined when none is. */
  current(): ConnectionRecord | undefined;
  /** The active connection; NOT_CONNECTED when none is. */
  require(): ConnectionRecord;
  /**
   * A Salesforce session of the active org (starts the Demo org when needed); NOT_CONNECTED when
   * none. `use` says which feature its calls are metered as, and whether they are background work.
   */
  session(use: CallUse): Promise<SalesforceSession>;
  /**
   * A session of a connection that may not be the active one (the outbox replays every org's
   * queue): the active org's goes through `session()`; NOT_CONNECTED when the connection is gone.
   */
  sessionOf(connectionId: string, use: CallUse): Promise<SalesforceSession>;
  /** Makes a connection reachable before it is used (the Demo org starts on demand) and returns it re-read. */
  prepare(record: ConnectionRecord): Promise<ConnectionRecord>;
  /** Starts the Demo org's emulator and points stored demo connections at its current port. */
  ensureDemo(): ReturnType<DemoOrgHost['ensure']>;
}

export interface ActiveOrgDeps {
  db: Database.Database;
  gateway: Pick<SalesforceGateway, 'session' | 'forget'>;
  demo: Pick<DemoOrgHost, 'ensure'>;
}

/** Throws the NOT_CONNECTED error every "needs an active org" path answers with. */
export function notConnected(): never {
  throw new AppError('NOT_CONNECTED', NOT_CONNECTED_MESSAGE);
}

export function createActiveOrg({ db, gateway, demo }: ActiveOrgDeps): ActiveOrg {
  const ensureDemo = async () => {
    const emulator = await demo.ensure();
    for (const record of listConnections(db)) {
      if (record.environment === 'demo' && (record.loginUrl !== emulator.url || record.instanceUrl !== emulator.url)) {
        updateEndpoints(db, record.id, emulator.url, emulator.url);
        // The gateway's cached connection points at the old port.
        gateway.forget(record.id);
      }
    }
    return emulator;
  };

  const current = () => getActiveConnection(db);
  const require = () => current() ?? notConnected();

  const session = async (use: CallUse) => {
    let record = require();
    if (record.environment === 'demo') {
      await ensureDemo();
      record = getConnection(db, record.id) as ConnectionRecord;
    }
    return gateway.session(record, use);
  };

  return {
    current,
    require,
    session,
    async sessionOf(connectionId, use) {
      const record = getConnection(db, connectionId);
      if (!record) throw new AppError('NOT_CONNECTED', 'That org is no longer connected.');
      return record.active ? session(use) : gateway.session(record, use);
    },
    async prepare(record) {
      // Only the active org's Demo emulator is started for it; others are used as they are.
      if (record.environment === 'demo' && record.active) await ensureDemo();
      return getConnection(db, record.id) ?? record;
    },
    ensureDemo,
  };
}
