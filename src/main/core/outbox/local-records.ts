/**
 * What the outbox needs from the local record cache (the per-org `records` table). Every
 * method runs inside the outbox's transaction on the same database, so a local change and its
 * outbox row commit together or not at all (security checklist X1).
 */
import type { FieldValues } from './types';

export interface LocalRecords {
  /** The cached record (server values merged with local edits); undefined when absent or deleted locally. */
  get(object: string, id: string): FieldValues | undefined;
  /**
   * A local edit. 'create' adds the record (local temporary id); 'update' merges the values into
   * the cached record and is a no-op when the record is not cached (nothing to show offline).
   */
  applyLocal(object: string, id: string, values: FieldValues, kind: 'create' | 'update'): void;
  /** A local delete: hidden from lists until Salesforce confirms it. */
  remove(object: string, id: string): void;
  /**
   * Salesforce confirmed a change: `server` is the record as re-read after the write (null when it
   * could not be read), `tempId` the local id a create had before it got `id`.
   */
  confirmed(object: string, id: string, server: FieldValues | null, tempId?: string): void;
  /** A delete Salesforce confirmed, or a create the user discarded: the row goes away. */
  forget(object: string, id: string): void;
  /** The user dropped a local change and no server copy was at hand: the row stops being "changed". */
  revert(object: string, id: string): void;
  /** Fields to re-read after a write so the cache holds the server's version (dotted names allowed). */
  serverFields(object: string): string[];
  /** The field a person recognises a record of the object by (the registry's title field), if known. */
  titleField?(object: string): string | undefined;
}
