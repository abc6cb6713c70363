/**
 * Handler maps: one per domain, each typed from its contract so the parameter and return types
 * cannot drift, combined in app-core.ts into one map that must cover every channel.
 */
import type { AppInfo, Channel, OutputOf, ParsedInputOf } from '../../../shared/ipc';
import type { ConnectionsService } from '../connections/connections.service';
import type { AccountsService } from '../crm/accounts.service';
import type { ContactsService } from '../crm/contacts.service';
import type { SettingsService } from '../settings/settings';

/** Receives the payload already parsed by the channel's input schema. */
export type Handler<C extends Channel> = (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C>;

export type HandlerMap<C extends Channel> = { [K in C]: Handler<K> };

export interface CoreServices {
  appInfo: AppInfo;
  settings: SettingsService;
  connections: ConnectionsService;
  contacts: ContactsService;
  accounts: AccountsService;
}
