/**
 * The CRM objects the workspace shows: their URL segment, names and what identifies a record, as
 * the object registry (src/shared/objects/registry.ts) declares them. Every cached object is served
 * from the local cache by the same list, detail and form screens.
 */
import type { SYNC_OBJECTS } from '../../../shared/ipc';
import { OBJECT_NAMES, objectDef } from '../../../shared/objects/registry';

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

export const OBJECTS = Object.fromEntries(
  OBJECT_NAMES.map((name) => {
    const { path, label, titleField, keyPrefix } = objectDef(name);
    return [name, { name, path, label, titleField, keyPrefix }];
  }),
) as Record<ObjectName, ObjectInfo>;

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
