/**
 * The CRM objects the workspace shows: their URL segment, names and what identifies a record.
 * All six are served from the local cache by the same list, detail and form screens.
 */
import type { SYNC_OBJECTS } from '../../../shared/ipc';

export type ObjectName = (typeof SYNC_OBJECTS)[number];

export interface ObjectInfo {
  name: ObjectName;
  /** URL segment: #/opportunities/… */
  path: string;
  label: { one: string; many: string };
  /** The field shown as the record's title. */
  titleField: string;
  /** Salesforce key prefix: a record Id of this object starts with it. */
  keyPrefix: string;
}

export const OBJECTS: Record<ObjectName, ObjectInfo> = {
  Account: { name: 'Account', path: 'accounts', label: { one: 'Account', many: 'Accounts' }, titleField: 'Name', keyPrefix: '001' },
  Contact: { name: 'Contact', path: 'contacts', label: { one: 'Contact', many: 'Contacts' }, titleField: 'Name', keyPrefix: '003' },
  Opportunity: { name: 'Opportunity', path: 'opportunities', label: { one: 'Opportunity', many: 'Opportunities' }, titleField: 'Name', keyPrefix: '006' },
  Lead: { name: 'Lead', path: 'leads', label: { one: 'Lead', many: 'Leads' }, titleField: 'Name', keyPrefix: '00Q' },
  Case: { name: 'Case', path: 'cases', label: { one: 'Case', many: 'Cases' }, titleField: 'Subject', keyPrefix: '500' },
  Campaign: { name: 'Campaign', path: 'campaigns', label: { one: 'Campaign', many: 'Campaigns' }, titleField: 'Name', keyPrefix: '701' },
};

export function objectByPath(path: string): ObjectInfo | undefined {
  return Object.values(OBJECTS).find((o) => o.path === path);
}

/** A record Id (15 or 18 characters) or the temporary id of a record created offline. */
export const RECORD_REF = /^(?:[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?|local-[0-9a-f]{32})$/;

/** The object a record Id belongs to, from its key prefix (undefined for local ids or others). */
export function objectOfId(id: string): ObjectName | undefined {
  return Object.values(OBJECTS).find((o) => id.startsWith(o.keyPrefix))?.name;
}

export function recordHref(object: ObjectName, id: string): string {
  return `#/${OBJECTS[object].path}/${id}`;
}
