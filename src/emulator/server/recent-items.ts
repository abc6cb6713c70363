/**
 * Records each user touched through the API (created, retrieved, updated), newest first: what
 * `/sobjects/{T}` reports as recentItems and `/recent` lists. Salesforce tracks views in the UI;
 * an emulator has no UI, so API reads and writes stand in for views.
 */
import type { OrgStore } from '../org/types';

const MAX_PER_USER = 200;

export interface RecentEntry {
  type: string;
  id: string;
}

export class RecentItems {
  private readonly byUser = new Map<string, RecentEntry[]>();

  touch(userId: string, type: string, id: string): void {
    const list = (this.byUser.get(userId) ?? []).filter((e) => e.id !== id);
    list.unshift({ type, id });
    if (list.length > MAX_PER_USER) list.length = MAX_PER_USER;
    this.byUser.set(userId, list);
  }

  /**
   * Wire records `{attributes, Id, Name}` for live rows, newest first, optionally for one type.
   */
  list(store: OrgStore, userId: string, apiVersion: string, opts: { type?: string; limit?: number } = {}): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    const limit = opts.limit ?? MAX_PER_USER;
    for (const entry of this.byUser.get(userId) ?? []) {
      if (out.length >= limit) break;
      if (opts.type && entry.type.toLowerCase() !== opts.type.toLowerCase()) continue;
      const object = store.schema.getObject(entry.type);
      if (!object) continue;
      const nameField = object.fields.find((f) => f.nameField)?.name;
      const fields = nameField && nameField !== 'Id' ? ['Id', nameField] : ['Id'];
      let row;
      try {
        row = store.retrieve(object.name, entry.id, { fields });
      } catch {
        continue;
      }
      if (!row) continue;
      const record: Record<string, unknown> = {
        attributes: { type: object.name, url: `/services/data/v${apiVersion}/sobjects/${object.name}/${entry.id}` },
        Id: entry.id,
      };
      if (nameField && nameField !== 'Id') record[nameField] = row[nameField] ?? null;
      out.push(record);
    }
    return out;
  }
}
